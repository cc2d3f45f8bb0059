package io.github.inqspark.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads IDX files (the MNIST family's format), raw or gzipped, from any Hadoop file system.
 * Images come back as unsigned bytes, labels as ints; every header is checked against the file.
 */
public final class IdxReader {

    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** Images of an idx3-ubyte file: count x rows x cols unsigned bytes, plus the dimensions. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(Path path, Configuration conf) throws IOException {
        try (DataInputStream in = open(path, conf)) {
            int[] dims = header(in, path, 3);
            long size = (long) dims[0] * dims[1] * dims[2];
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(path + ": " + dims[0] + " images of " + dims[1] + "x" + dims[2]
                        + " do not fit one array");
            }
            byte[] pixels = new byte[(int) size];
            readFully(in, pixels, path);
            return new Images(dims[0], dims[1], dims[2], pixels);
        }
    }

    public static int[] readLabels(Path path, Configuration conf, int classes) throws IOException {
        try (DataInputStream in = open(path, conf)) {
            int[] dims = header(in, path, 1);
            byte[] raw = new byte[dims[0]];
            readFully(in, raw, path);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= classes) {
                    throw new IOException(path + ": label " + labels[i] + " at index " + i
                            + " is out of range for " + classes + " classes");
                }
            }
            return labels;
        }
    }

    private static DataInputStream open(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new IOException(path + ": no such file");
        }
        InputStream raw = new BufferedInputStream(fs.open(path), 1 << 16);
        return new DataInputStream(path.getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    private static int[] header(DataInputStream in, Path path, int rank) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(path + ": empty or truncated IDX header", e);
        }
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UBYTE || (magic & 0xFF) != rank) {
            throw new IOException(path + ": not an IDX file of rank " + rank + " unsigned bytes (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(UBYTE << 8 | rank) + ")");
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
            if (dims[d] <= 0) {
                throw new IOException(path + ": dimension " + d + " is " + dims[d]);
            }
        }
        return dims;
    }

    private static void readFully(DataInputStream in, byte[] into, Path path) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new IOException(path + ": truncated: the header promises " + into.length + " data bytes", e);
        }
        if (in.read() != -1) {
            throw new IOException(path + ": longer than its header says (" + into.length + " data bytes)");
        }
    }
}
