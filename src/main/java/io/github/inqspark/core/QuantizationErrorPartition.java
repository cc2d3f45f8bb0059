package io.github.inqspark.core;

/**
 * Freezes first the weights that quantization moves least: smallest |w - Q(w)|. The paper names
 * this as future work. The error is ranked in float32, where it is exact whenever Q(w) != 0 and w
 * has not outgrown 2 * 2^n1 (Sterbenz: w and Q(w) lie within a factor of two of each other).
 */
public final class QuantizationErrorPartition implements PartitionStrategy {

    public static final String NAME = "quantization-error";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WeightKey keys(float[] weights, QuantumSet quantumSet, long seed) {
        return i -> Float.floatToRawIntBits((float) quantumSet.error(weights[i]));
    }
}
