package io.github.inqspark.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The compact binary form of a {@link ModelQuantState}, committed with every stage and broadcast
 * to executors. A mask costs one bit per weight; n2 is derived from n1 and b.
 *
 * <pre>
 * magic "INQS" | u16 version (2) | u8 bits | u16 stagesDone | UTF strategy | i64 seed | UTF n1 rule
 * | u16 N | N x f64 portions | i32 tensorCount
 * | per tensor: UTF name | u8 rank | rank x i32 dims | i32 n1 | i32 frozenCount | ceil(count/64) x i64 mask words
 * | i32 CRC32C of every byte before it
 * </pre>
 * Version 1 (no n1 rule: the paper's) is still read. Big-endian (DataOutput). Decoding checks the checksum first, then every size against the bytes
 * left, so a corrupt or truncated payload is refused with a message and never allocates blindly.
 */
public final class QuantStateCodec {

    static final int MAGIC = 0x494E5153; // "INQS"
    public static final int VERSION = 2;
    private static final int MAX_RANK = 8;

    private QuantStateCodec() {
    }

    public static byte[] encode(ModelQuantState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            InqSettings s = state.settings();
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeByte(s.bits());
            out.writeShort(state.stagesDone());
            out.writeUTF(s.strategy());
            out.writeLong(s.seed());
            out.writeUTF(s.n1Rule());
            double[] portions = s.schedule().portions();
            out.writeShort(portions.length);
            for (double p : portions) {
                out.writeDouble(p);
            }
            out.writeInt(state.tensors().size());
            for (TensorQuantState t : state.tensors()) {
                out.writeUTF(t.name());
                int[] shape = t.shape();
                out.writeByte(shape.length);
                for (int d : shape) {
                    out.writeInt(d);
                }
                out.writeInt(t.quantumSet().n1());
                out.writeInt(t.mask().frozenCount());
                for (long w : t.mask().words()) {
                    out.writeLong(w);
                }
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * @param source names the payload in error messages (a file path, "broadcast", ...)
     * @throws CorruptStateException if the payload is truncated, corrupt, of another version, or
     *         describes an impossible state
     */
    public static ModelQuantState decode(byte[] payload, String source) {
        if (payload.length < 8) {
            throw new CorruptStateException(source + ": quantization state is truncated (" + payload.length + " bytes)");
        }
        int magic = ByteBuffer.wrap(payload, 0, 4).getInt();
        if (magic != MAGIC) {
            throw new CorruptStateException(source + ": not a quantization state (magic " + Integer.toHexString(magic) + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length - 4);
        int stored = ByteBuffer.wrap(payload, payload.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new CorruptStateException(source + ": quantization state checksum mismatch (stored "
                    + Integer.toHexString(stored) + ", computed " + Integer.toHexString((int) crc.getValue())
                    + "): the file is corrupt or truncated");
        }
        try {
            return read(new DataInputStream(new ByteArrayInputStream(payload, 4, payload.length - 8)),
                    payload.length - 8, source);
        } catch (EOFException e) {
            throw new CorruptStateException(source + ": quantization state is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CorruptStateException(source + ": invalid quantization state: " + e.getMessage(), e);
        }
    }

    private static ModelQuantState read(DataInputStream in, int length, String source) throws IOException {
        int version = in.readUnsignedShort();
        if (version != VERSION && version != 1) {
            throw new CorruptStateException(source + ": quantization state version " + version
                    + " is not supported (this build reads version " + VERSION + ")");
        }
        int bits = in.readUnsignedByte();
        int stagesDone = in.readUnsignedShort();
        String strategy = in.readUTF();
        long seed = in.readLong();
        String n1Rule = version == 1 ? QuantumSet.N1_PAPER : in.readUTF();
        int stages = in.readUnsignedShort();
        requireBytes(in, 8L * stages, "schedule", source);
        double[] portions = new double[stages];
        for (int i = 0; i < stages; i++) {
            portions[i] = in.readDouble();
        }
        InqSettings settings = new InqSettings(bits, new Schedule(portions), strategy, seed, n1Rule);
        int tensorCount = in.readInt();
        if (tensorCount < 0 || tensorCount > length) {
            throw new CorruptStateException(source + ": impossible tensor count " + tensorCount);
        }
        List<TensorQuantState> tensors = new ArrayList<>();
        for (int j = 0; j < tensorCount; j++) {
            String name = in.readUTF();
            int rank = in.readUnsignedByte();
            if (rank > MAX_RANK) {
                throw new CorruptStateException(source + ": tensor '" + name + "' has rank " + rank);
            }
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readInt();
            }
            int count = (int) TensorQuantState.elementCount(name, shape);
            int n1 = in.readInt();
            int frozen = in.readInt();
            int words = FreezeMask.wordsFor(count);
            requireBytes(in, 8L * words, "mask of tensor '" + name + "'", source);
            long[] maskWords = new long[words];
            for (int w = 0; w < words; w++) {
                maskWords[w] = in.readLong();
            }
            FreezeMask mask = FreezeMask.fromWords(count, maskWords);
            if (mask.frozenCount() != frozen) {
                throw new CorruptStateException(source + ": tensor '" + name + "' records " + frozen
                        + " frozen weights but its mask has " + mask.frozenCount());
            }
            QuantumSet q = new QuantumSet(n1, QuantumSet.lowerExponent(n1, bits), bits);
            tensors.add(new TensorQuantState(name, shape, q, mask));
        }
        if (in.available() != 0) {
            throw new CorruptStateException(source + ": " + in.available() + " unexpected bytes after the last tensor");
        }
        return new ModelQuantState(settings, tensors, stagesDone);
    }

    private static void requireBytes(DataInputStream in, long needed, String what, String source) throws IOException {
        if (in.available() < needed) {
            throw new CorruptStateException(source + ": " + what + " needs " + needed + " bytes but only "
                    + in.available() + " remain: the state is truncated or corrupt");
        }
    }
}
