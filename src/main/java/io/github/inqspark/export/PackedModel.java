package io.github.inqspark.export;

import io.github.inqspark.core.FrozenCodes;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.QuantumSet;
import io.github.inqspark.core.TensorQuantState;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.model.QuantizableTensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The packed low-bit model file (docs/export-format.md): every quantizable tensor as b-bit codes
 * of its P_l, every other parameter as float32, the network configuration as DL4J JSON, and a
 * CRC32C over the whole. Reading checks the checksum first and every size against the bytes left,
 * so a crafted or damaged file is refused before any large allocation. No Java deserialization.
 */
public final class PackedModel {

    static final int MAGIC = 0x494E5158; // "INQX"
    /** Version 2 added the per-tensor encoding byte (fixed-width or canonical Huffman). */
    public static final int VERSION = 2;
    static final int FIXED = 0;
    static final int HUFFMAN = 1;

    /** What a file holds per quantizable tensor, for verify and the compression report. */
    public record TensorEntry(String name, long offset, int length, QuantumSet quantumSet, int encoding, long codeBytes) {
    }

    /** The rebuilt network and the file's tensor table. */
    public record Contents(Net net, List<TensorEntry> tensors, int version) {
    }

    private PackedModel() {
    }

    /** Writes a fully quantized network with fixed-width codes; refuses one with a weight outside its P_l. */
    public static byte[] write(Net net, ModelQuantState state) throws IOException {
        return write(net, state, false);
    }

    /**
     * Writes a fully quantized network; with {@code entropyCoded}, each tensor whose canonical Huffman
     * code (table included) is smaller than its fixed-width codes is stored Huffman-coded.
     */
    public static byte[] write(Net net, ModelQuantState state, boolean entropyCoded) throws IOException {
        if (!state.isComplete()) {
            throw new IllegalArgumentException("only a fully quantized model can be exported (stage "
                    + state.stagesDone() + " of " + state.settings().schedule().stages() + ")");
        }
        NetworkTensors nt = net.tensors();
        float[] flat = net.params().data().asFloat();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeByte(net.isGraph() ? 1 : 0);
        byte[] json = net.configurationJson().getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.write(json);
        out.writeLong(flat.length);
        List<TensorQuantState> ts = state.tensors();
        out.writeInt(ts.size());
        boolean[] quantized = new boolean[flat.length];
        for (TensorQuantState t : ts) {
            QuantizableTensor q = nt.tensor(t.name());
            float[] w = nt.read(q);
            out.writeUTF(t.name());
            out.writeLong(q.offset());
            out.writeInt(q.length());
            out.writeByte(t.quantumSet().bits());
            out.writeInt(t.quantumSet().n1());
            byte[] codes = FrozenCodes.encode(t, w);
            TensorCoding coding = TensorCoding.of(codes, t.quantumSet());
            if (entropyCoded && coding.huffmanBytes() < coding.fixedBytes()) {
                out.writeByte(HUFFMAN);
                for (int l : coding.lengths()) {
                    out.writeByte(l);
                }
                byte[] stream = CanonicalHuffman.encode(codes, coding.lengths());
                out.writeInt(stream.length);
                out.write(stream);
            } else {
                out.writeByte(FIXED);
                out.write(BitPacking.pack(codes, t.quantumSet().bits()));
            }
            for (int i = 0; i < q.length(); i++) {
                quantized[Math.toIntExact(q.offset() + i)] = true;
            }
        }
        List<int[]> ranges = new ArrayList<>(); // full-precision [start, end)
        for (int i = 0; i < flat.length; ) {
            if (quantized[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < flat.length && !quantized[i]) {
                i++;
            }
            ranges.add(new int[] {start, i});
        }
        out.writeInt(ranges.size());
        for (int[] r : ranges) {
            out.writeLong(r[0]);
            out.writeInt(r[1] - r[0]);
            for (int i = r[0]; i < r[1]; i++) {
                out.writeFloat(flat[i]);
            }
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    /**
     * Parameter bytes per quantizable tensor as float32, fixed-width codes and entropy-coded codes
     * (the smaller of Huffman and fixed, as {@code write(.., true)} stores them), then the
     * full-precision rest (float32 in every encoding) and the total. File headers and the network
     * configuration are not included.
     */
    public static List<RunReport.SizeRow> sizes(Net net, ModelQuantState state) {
        NetworkTensors nt = net.tensors();
        List<RunReport.SizeRow> rows = new ArrayList<>();
        long f32 = 0;
        long fixed = 0;
        long entropy = 0;
        long quantized = 0;
        for (TensorQuantState t : state.tensors()) {
            QuantizableTensor q = nt.tensor(t.name());
            TensorCoding c = TensorCoding.of(FrozenCodes.encode(t, nt.read(q)), t.quantumSet());
            long e = Math.min(c.fixedBytes(), c.huffmanBytes());
            rows.add(new RunReport.SizeRow(t.name(), 4L * q.length(), c.fixedBytes(), e));
            f32 += 4L * q.length();
            fixed += c.fixedBytes();
            entropy += e;
            quantized += q.length();
        }
        long rest = 4L * (net.numParams() - quantized);
        rows.add(new RunReport.SizeRow("full-precision parameters", rest, rest, rest));
        rows.add(new RunReport.SizeRow("total", f32 + rest, fixed + rest, entropy + rest));
        return rows;
    }

    /** Whether the bytes start like a packed INQ model. */
    public static boolean isPacked(byte[] file) {
        return file.length >= 4 && ByteBuffer.wrap(file, 0, 4).getInt() == MAGIC;
    }

    /** Rebuilds the exact network (same configuration, bit-identical parameters). */
    public static Net read(byte[] file, String source) throws IOException {
        return readContents(file, source).net();
    }

    /** The network and the file's tensor table (quantum sets, encodings, sizes). */
    public static Contents readContents(byte[] file, String source) throws IOException {
        if (file.length < 10) {
            throw new IOException(source + ": not a packed INQ model (" + file.length + " bytes)");
        }
        if (ByteBuffer.wrap(file, 0, 4).getInt() != MAGIC) {
            throw new IOException(source + ": not a packed INQ model (wrong magic)");
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        if (ByteBuffer.wrap(file, file.length - 4, 4).getInt() != (int) crc.getValue()) {
            throw new IOException(source + ": checksum mismatch: the file is corrupt or truncated");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 4, file.length - 8));
        try {
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new IOException(source + ": format version " + version + " is not supported (this build reads "
                        + VERSION + "; re-export the run)");
            }
            int kind = in.readUnsignedByte();
            int jsonLength = in.readInt();
            need(in, jsonLength, "network configuration", source);
            byte[] json = new byte[jsonLength];
            in.readFully(json);
            long paramCount = in.readLong();
            if (paramCount < 0 || paramCount > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": impossible parameter count " + paramCount);
            }
            Net net = Net.fromConfigurationJson(kind == 1, new String(json, StandardCharsets.UTF_8));
            if (net.numParams() != paramCount) {
                throw new IOException(source + ": the configuration has " + net.numParams() + " parameters but the file "
                        + paramCount);
            }
            float[] flat = new float[(int) paramCount];
            boolean[] filled = new boolean[flat.length];
            int tensors = in.readInt();
            need(in, Math.max(0, tensors), "tensor table", source);
            List<TensorEntry> entries = new ArrayList<>();
            for (int j = 0; j < tensors; j++) {
                String name = in.readUTF();
                long offset = in.readLong();
                int length = in.readInt();
                int bits = in.readUnsignedByte();
                int n1 = in.readInt();
                checkRange(offset, length, flat.length, "tensor '" + name + "'", source);
                QuantumSet q;
                try {
                    q = new QuantumSet(n1, QuantumSet.lowerExponent(n1, bits), bits);
                } catch (IllegalArgumentException e) {
                    throw new IOException(source + ": tensor '" + name + "': " + e.getMessage(), e);
                }
                int encoding = in.readUnsignedByte();
                byte[] codes;
                long codeBytes;
                if (encoding == FIXED) {
                    codeBytes = BitPacking.packedBytes(length, bits);
                    need(in, codeBytes, "codes of tensor '" + name + "'", source);
                    byte[] p = new byte[(int) codeBytes];
                    in.readFully(p);
                    codes = BitPacking.unpack(p, length, bits);
                } else if (encoding == HUFFMAN) {
                    int[] lengths = new int[q.size()];
                    need(in, lengths.length + 4L, "code table of tensor '" + name + "'", source);
                    for (int s = 0; s < lengths.length; s++) {
                        lengths[s] = in.readUnsignedByte();
                    }
                    CanonicalHuffman.validate(lengths, source + ": tensor '" + name + "'");
                    int streamBytes = in.readInt();
                    need(in, streamBytes, "coded weights of tensor '" + name + "'", source);
                    byte[] stream = new byte[streamBytes];
                    in.readFully(stream);
                    codes = CanonicalHuffman.decode(stream, length, lengths, source + ": tensor '" + name + "'");
                    codeBytes = lengths.length + 4L + streamBytes;
                } else {
                    throw new IOException(source + ": tensor '" + name + "' has unknown encoding " + encoding);
                }
                entries.add(new TensorEntry(name, offset, length, q, encoding, codeBytes));
                for (int i = 0; i < length; i++) {
                    int c = codes[i] & 0xFF;
                    if (c > 1 << (bits - 1)) {
                        throw new IOException(source + ": tensor '" + name + "' code " + c + " at " + i + " is outside P_l");
                    }
                    fill(flat, filled, (int) offset + i, q.value(c), name, source);
                }
            }
            int ranges = in.readInt();
            need(in, Math.max(0, ranges), "parameter ranges", source);
            for (int r = 0; r < ranges; r++) {
                long start = in.readLong();
                int length = in.readInt();
                checkRange(start, length, flat.length, "full-precision range " + r, source);
                need(in, 4L * length, "full-precision range " + r, source);
                for (int i = 0; i < length; i++) {
                    fill(flat, filled, (int) start + i, in.readFloat(), "range " + r, source);
                }
            }
            if (in.available() != 0) {
                throw new IOException(source + ": " + in.available() + " unexpected bytes at the end");
            }
            for (int i = 0; i < filled.length; i++) {
                if (!filled[i]) {
                    throw new IOException(source + ": parameter " + i + " is missing from the file");
                }
            }
            net.params().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(flat).reshape(net.params().shape()));
            return new Contents(net, List.copyOf(entries), version);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated", e);
        } catch (RuntimeException e) {
            throw new IOException(source + ": invalid packed model: " + e.getMessage(), e);
        }
    }

    private static void fill(float[] flat, boolean[] filled, int i, float v, String what, String source) throws IOException {
        if (filled[i]) {
            throw new IOException(source + ": parameter " + i + " is written twice (" + what + ")");
        }
        filled[i] = true;
        flat[i] = v;
    }

    private static void checkRange(long start, int length, int size, String what, String source) throws IOException {
        if (start < 0 || length < 0 || start + length > size) {
            throw new IOException(source + ": " + what + " [" + start + ", " + (start + length) + ") lies outside the "
                    + size + " parameters");
        }
    }

    private static void need(DataInputStream in, long bytes, String what, String source) throws IOException {
        if (bytes < 0 || in.available() < bytes) {
            throw new IOException(source + ": " + what + " needs " + bytes + " bytes but " + in.available()
                    + " remain: the file is truncated or corrupt");
        }
    }
}
