package io.github.inqspark.core;

/**
 * Keeping frozen weights exact (spec decision 4) and checking that they are.
 *
 * <p>Masked SGD (Eq. 8) gives a frozen weight no update of any kind, but an optimizer's momentum
 * or weight decay, or a parameter average, can still touch it. So after every step and every
 * average the trainer copies the frozen values back from the stage's reference weights.
 */
public final class FrozenWeights {

    private FrozenWeights() {
    }

    /** Sets {@code weights[i] = reference[i]} wherever the mask is frozen; returns how many differed. */
    public static int reimpose(float[] weights, int offset, float[] reference, FreezeMask mask) {
        int changed = 0;
        long[] words = mask.words();
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                float r = reference[i];
                if (Float.floatToRawIntBits(weights[offset + i]) != Float.floatToRawIntBits(r)) {
                    weights[offset + i] = r;
                    changed++;
                }
            }
        }
        return changed;
    }

    /** The first frozen index whose weight is not in P_l, or -1. */
    public static int firstFrozenOutsideP(TensorQuantState t, float[] weights) {
        FreezeMask mask = t.mask();
        QuantumSet q = t.quantumSet();
        for (int i = 0; i < weights.length; i++) {
            if (mask.isFrozen(i) && !q.contains(weights[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The first index whose weight is not in P_l, or -1: the final model's check. */
    public static int firstOutsideP(QuantumSet q, float[] weights) {
        for (int i = 0; i < weights.length; i++) {
            if (!q.contains(weights[i])) {
                return i;
            }
        }
        return -1;
    }
}
