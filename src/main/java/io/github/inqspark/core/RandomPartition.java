package io.github.inqspark.core;

/**
 * The paper's random partition, with an exact count: each stage freezes a uniformly random subset
 * of the free weights of exactly the scheduled size, so the expected and the actual frozen
 * fraction are both sigma_n. The key of weight i is a 31-bit hash of (seed, i) (SplitMix64's
 * finaliser), so a run is reproducible from its seed and the keys need no memory.
 */
public final class RandomPartition implements PartitionStrategy {

    public static final String NAME = "random";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WeightKey keys(float[] weights, QuantumSet quantumSet, long seed) {
        return i -> (int) (mix(seed + 0x9E3779B97F4A7C15L * (i + 1L)) >>> 33);
    }

    /** SplitMix64's output function: a bijection of long with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
