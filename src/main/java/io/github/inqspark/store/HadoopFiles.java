package io.github.inqspark.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Whole files outside run directories (models, exports) on any Hadoop file system: read in one
 * piece, and written by temp-file-then-rename so a half-written file is never read as complete.
 */
public final class HadoopFiles {

    private HadoopFiles() {
    }

    /** The bytes of {@code uri}; {@code what} names it in the error if it does not exist. */
    public static byte[] read(String uri, String what, Configuration conf) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new IOException(what + " " + uri + " does not exist");
        }
        return readAll(fs, p);
    }

    /**
     * {@code uri} fully qualified (scheme, authority, absolute and normalised path), so that
     * "runs/m.zip", "./runs/m.zip" and "file:/work/runs/m.zip" compare equal.
     */
    public static String qualified(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        return p.getFileSystem(conf).makeQualified(p).toString();
    }

    /** Every byte of {@code p}. */
    static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    /**
     * Writes {@code uri} atomically, replacing what is there: written aside, then renamed over the
     * old file in one step (FileContext's rename with OVERWRITE), never deleted first.
     */
    public static void replace(String uri, byte[] data, Configuration conf) throws IOException {
        Path target = new Path(uri);
        FileSystem fs = target.getFileSystem(conf);
        Path tmp = writeBeside(fs, target, data);
        FileContext.getFileContext(fs.getUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
    }

    /** Writes {@code data} under a hidden temporary name beside {@code target}, synced; returns that name. */
    private static Path writeBeside(FileSystem fs, Path target, byte[] data) throws IOException {
        if (target.getParent() != null) {
            fs.mkdirs(target.getParent());
        }
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        writeSynced(fs, tmp, data);
        return tmp;
    }

    /** Writes and syncs a file that must not exist yet (a temporary name, or inside an unpublished folder). */
    static void writeSynced(FileSystem fs, Path p, byte[] data) throws IOException {
        try (FSDataOutputStream o = fs.create(p, false)) {
            o.write(data);
            o.hsync(); // on the disks before it is renamed into sight
        }
    }

    /** Writes a new file atomically; refuses, changing nothing, if {@code uri} exists. */
    public static void writeNew(String uri, byte[] data, Configuration conf) throws IOException {
        Path target = new Path(uri);
        FileSystem fs = target.getFileSystem(conf);
        if (fs.exists(target)) {
            throw new IOException(uri + " exists already; refusing to overwrite it");
        }
        Path tmp = writeBeside(fs, target, data);
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
    }
}
