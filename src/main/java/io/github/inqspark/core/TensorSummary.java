package io.github.inqspark.core;

/**
 * What one tensor looks like after quantization: how many weights are frozen, and how often each
 * value of P_l occurs among them (the paper's Table 6), from which the bits the tensor really
 * needs follow.
 *
 * @param codeCounts occurrences of each code 0 .. 2^(b-1) among the frozen weights (code 0 = zero)
 */
public record TensorSummary(String name, int count, int frozen, QuantumSet quantumSet, long[] codeCounts) {

    public static TensorSummary of(TensorQuantState t, float[] weights) {
        QuantumSet q = t.quantumSet();
        long[] counts = new long[q.size()];
        FreezeMask mask = t.mask();
        for (int i = 0; i < weights.length; i++) {
            if (mask.isFrozen(i)) {
                counts[q.code(weights[i])]++;
            }
        }
        return new TensorSummary(t.name(), t.count(), mask.frozenCount(), q, counts);
    }

    /** The summary of a tensor all of whose weights are in {@code q} (a fully quantized model file). */
    public static TensorSummary ofAll(String name, QuantumSet q, float[] weights) {
        long[] counts = new long[q.size()];
        for (float w : weights) {
            counts[q.code(w)]++;
        }
        return new TensorSummary(name, weights.length, weights.length, q, counts);
    }

    public long zeros() {
        return codeCounts[0];
    }

    /** How many values of P_l are used by the frozen weights. */
    public int distinctValues() {
        int n = 0;
        for (long c : codeCounts) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    /** ceil(log2(distinct values used)): the bits a fixed-length code of this tensor would need. */
    public int bitsNeeded() {
        int d = distinctValues();
        return d <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(d - 1);
    }
}
