package io.github.inqspark.core;

/**
 * Checks that frozen weights are exact (spec decision 4): every frozen weight, and at the end
 * every quantizable weight, lies in its P_l. Keeping them exact during training is the trainers'
 * job (train.StageProjection).
 */
public final class FrozenWeights {

    private FrozenWeights() {
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
