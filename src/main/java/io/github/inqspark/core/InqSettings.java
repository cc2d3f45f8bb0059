package io.github.inqspark.core;

/**
 * What defines an INQ run's numerics: bit-width, schedule, partition strategy, seed, and the rule
 * that picks n1 ({@code paper}: Eq. 2; {@code min-error}: see {@link QuantumSet}).
 * Validated on construction; errors name the field and the value.
 */
public record InqSettings(int bits, Schedule schedule, String strategy, long seed, String n1Rule) {

    /** The paper's n1 rule. */
    public InqSettings(int bits, Schedule schedule, String strategy, long seed) {
        this(bits, schedule, strategy, seed, QuantumSet.N1_PAPER);
    }

    public InqSettings {
        if (!QuantumSet.N1_PAPER.equals(n1Rule) && !QuantumSet.N1_MIN_ERROR.equals(n1Rule)) {
            throw new IllegalArgumentException("n1 rule must be " + QuantumSet.N1_PAPER + " or "
                    + QuantumSet.N1_MIN_ERROR + ", found '" + n1Rule + "'");
        }
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
