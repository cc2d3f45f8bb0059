package io.github.inqspark.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The image shard file (".shard", version 1): labelled JPEG records with an index, so a reader can
 * fetch any record by one positional read. Big-endian throughout:
 * <pre>
 *   "INQSHARD" u32 version=1
 *   record*:  u32 label, u32 length, u32 crc32c(label, jpeg), jpeg bytes
 *   index:    u64 offset of each record
 *   meta:     UTF-8 JSON (the shard's counts, skipped and converted files)
 *   footer:   u64 indexOffset, u32 records, u64 metaOffset, u32 metaLength, u32 crc32c(index+meta), "INQSEND1"
 * </pre>
 * Every size read from a file is checked against the file's length before it is trusted.
 */
public final class ShardFormat {

    static final byte[] MAGIC = "INQSHARD".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "INQSEND1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = MAGIC.length + 4;
    static final int RECORD_HEADER = 12;
    static final int FOOTER = 8 + 4 + 8 + 4 + 4 + END.length;

    private ShardFormat() {
    }

    /** One labelled, encoded image. */
    public record Record(int label, byte[] jpeg) {
    }

    /** The shard's bytes: records in order, then the index and the meta JSON. */
    public static byte[] write(List<Record> records, String metaJson) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            long[] offsets = new long[records.size()];
            for (int i = 0; i < records.size(); i++) {
                Record r = records.get(i);
                offsets[i] = out.size();
                out.writeInt(r.label());
                out.writeInt(r.jpeg().length);
                out.writeInt(recordCrc(r.label(), r.jpeg()));
                out.write(r.jpeg());
            }
            long indexOffset = out.size();
            for (long o : offsets) {
                out.writeLong(o);
            }
            long metaOffset = out.size();
            byte[] meta = metaJson.getBytes(StandardCharsets.UTF_8);
            out.write(meta);
            out.flush();
            byte[] all = bytes.toByteArray();
            int tailCrc = crc(all, (int) indexOffset, all.length - (int) indexOffset);
            out.writeLong(indexOffset);
            out.writeInt(records.size());
            out.writeLong(metaOffset);
            out.writeInt(meta.length);
            out.writeInt(tailCrc);
            out.write(END);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /** Where the records are, and the meta JSON, from a shard's tail. */
    public record Index(long[] offsets, long indexOffset, String metaJson) {
        public int records() {
            return offsets.length;
        }
    }

    /** Reads positions [pos, pos + len) of a shard. */
    public interface RandomReader {
        byte[] read(long pos, int len) throws IOException;
    }

    /** Positional reads of an open Hadoop stream (no shared file position: safe to interleave). */
    public static RandomReader reader(FSDataInputStream in) {
        return (pos, len) -> {
            byte[] b = new byte[len];
            in.readFully(pos, b);
            return b;
        };
    }

    /** The index of the shard file {@code p}. */
    public static Index readIndex(FileSystem fs, Path p) throws IOException {
        try (FSDataInputStream in = fs.open(p)) {
            return readIndex(reader(in), fs.getFileStatus(p).getLen(), p.toString());
        }
    }

    public static Index readIndex(RandomReader in, long length, String source) throws IOException {
        if (length < HEADER + FOOTER) {
            throw new CorruptShardException(source + ": " + length + " bytes is too short for a shard");
        }
        ByteBuffer head = ByteBuffer.wrap(in.read(0, HEADER));
        byte[] magic = new byte[MAGIC.length];
        head.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CorruptShardException(source + ": not a shard file (bad magic)");
        }
        int version = head.getInt();
        if (version != VERSION) {
            throw new CorruptShardException(source + ": shard version " + version + ", this build reads " + VERSION);
        }
        ByteBuffer foot = ByteBuffer.wrap(in.read(length - FOOTER, FOOTER));
        long indexOffset = foot.getLong();
        int count = foot.getInt();
        long metaOffset = foot.getLong();
        int metaLength = foot.getInt();
        int tailCrc = foot.getInt();
        byte[] end = new byte[END.length];
        foot.get(end);
        if (!java.util.Arrays.equals(end, END)) {
            throw new CorruptShardException(source + ": truncated shard (no end marker)");
        }
        if (count < 0 || indexOffset < HEADER || metaOffset != indexOffset + 8L * count || metaLength < 0
                || metaOffset + metaLength != length - FOOTER) {
            throw new CorruptShardException(source + ": inconsistent shard footer (" + count + " records, index at "
                    + indexOffset + ", meta at " + metaOffset + "+" + metaLength + ", file " + length + " bytes)");
        }
        byte[] tail = in.read(indexOffset, Math.toIntExact(length - FOOTER - indexOffset));
        if (crc(tail, 0, tail.length) != tailCrc) {
            throw new CorruptShardException(source + ": shard index checksum mismatch");
        }
        ByteBuffer idx = ByteBuffer.wrap(tail);
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = idx.getLong();
            if (offsets[i] < HEADER || offsets[i] + RECORD_HEADER > indexOffset) {
                throw new CorruptShardException(source + ": record " + i + " offset " + offsets[i] + " out of range");
            }
        }
        String meta = new String(tail, 8 * count, metaLength, StandardCharsets.UTF_8);
        return new Index(offsets, indexOffset, meta);
    }

    /** Record i, its checksum verified. */
    public static Record readRecord(RandomReader in, Index index, int i, String source) throws IOException {
        long pos = index.offsets()[i];
        long limit = i + 1 < index.records() ? index.offsets()[i + 1] : index.indexOffset();
        ByteBuffer h = ByteBuffer.wrap(in.read(pos, RECORD_HEADER));
        int label = h.getInt();
        int len = h.getInt();
        int crc = h.getInt();
        if (len < 0 || pos + RECORD_HEADER + len != limit) {
            throw new CorruptShardException(source + ": record " + i + " claims " + len + " bytes, its slot has "
                    + (limit - pos - RECORD_HEADER));
        }
        byte[] jpeg = in.read(pos + RECORD_HEADER, len);
        if (recordCrc(label, jpeg) != crc) {
            throw new CorruptShardException(source + ": record " + i + " checksum mismatch");
        }
        return new Record(label, jpeg);
    }

    /** The record checksum covers the label too: a flipped label bit must not pass as another class. */
    private static int recordCrc(int label, byte[] jpeg) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(4).putInt(label).array());
        c.update(jpeg, 0, jpeg.length);
        return (int) c.getValue();
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** A shard whose bytes are not what its structure says. */
    public static final class CorruptShardException extends IOException {
        public CorruptShardException(String message) {
            super(message);
        }
    }
}
