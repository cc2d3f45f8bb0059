package io.github.inqspark.core;

/**
 * What defines an INQ run's numerics: bit-width, schedule, partition strategy and seed.
 * Validated on construction; errors name the field and the value.
 */
public record InqSettings(int bits, Schedule schedule, String strategy, long seed) {

    public InqSettings {
        if (bits < QuantumSet.MIN_BITS || bits > QuantumSet.MAX_BITS) {
            throw new IllegalArgumentException("bits must be in " + QuantumSet.MIN_BITS + ".."
                    + QuantumSet.MAX_BITS + ", found " + bits);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is missing");
        }
        PartitionStrategy.named(strategy); // rejects unknown names with the list of known ones
    }

    public PartitionStrategy partitionStrategy() {
        return PartitionStrategy.named(strategy);
    }
}
