package io.github.inqspark.core;

/**
 * The paper's pruning-inspired partition: the free weights with the largest |w| are frozen first.
 * The key is the bit pattern of |w| reversed; for finite non-negative floats the bit pattern is
 * monotone in the value, so this ranks exactly by magnitude.
 */
public final class PruningPartition implements PartitionStrategy {

    public static final String NAME = "pruning";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WeightKey keys(float[] weights, QuantumSet quantumSet, long seed) {
        return i -> Integer.MAX_VALUE - Float.floatToRawIntBits(Math.abs(weights[i]));
    }
}
