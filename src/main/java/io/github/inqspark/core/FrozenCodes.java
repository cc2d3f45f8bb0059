package io.github.inqspark.core;

/**
 * The values of a tensor's frozen weights as codes of P_l (see {@link QuantumSet#code}), one byte
 * each, in index order: with the mask, all an executor needs to re-impose them exactly, at a
 * quarter of the float weights' size. Codes fit a byte because b <= 8 gives at most 129 of them.
 */
public final class FrozenCodes {

    private FrozenCodes() {
    }

    /** The codes of the frozen weights of {@code weights}, in index order. */
    public static byte[] encode(TensorQuantState t, float[] weights) {
        FreezeMask mask = t.mask();
        QuantumSet q = t.quantumSet();
        byte[] codes = new byte[mask.frozenCount()];
        int n = 0;
        for (int i = 0; i < weights.length; i++) {
            if (mask.isFrozen(i)) {
                float v = weights[i];
                if (!q.contains(v)) {
                    throw new IllegalStateException("tensor '" + t.name() + "': frozen weight " + i + " = " + v
                            + " is not in P_l " + q);
                }
                codes[n++] = (byte) q.code(v);
            }
        }
        return codes;
    }

    /** Writes each frozen weight's value into {@code out} (length = tensor size); free ones get {@code freeValue}. */
    public static void decode(TensorQuantState t, byte[] codes, float[] out, float freeValue) {
        FreezeMask mask = t.mask();
        QuantumSet q = t.quantumSet();
        if (codes.length != mask.frozenCount() || out.length != mask.size()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "': " + codes.length + " codes for "
                    + mask.frozenCount() + " frozen weights, output of " + out.length + " for " + mask.size());
        }
        float[] values = new float[q.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = q.value(c);
        }
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = mask.isFrozen(i) ? values[codes[n++] & 0xFF] : freeValue;
        }
    }
}
