package io.github.inqspark.core;

/**
 * Decides which free weights of a tensor join A1 (quantize and freeze now): the free weights with
 * the smallest keys, ties going to the lower index. The schedule decides how many
 * ({@link Schedule#frozenAfter}); a strategy only ranks.
 */
public interface PartitionStrategy {

    /** The name used in configs and the saved state. */
    String name();

    /**
     * The ranking of {@code weights} at this stage.
     *
     * @param weights the tensor's current weights, all finite
     * @param quantumSet the tensor's P_l
     * @param seed a seed already mixed with the stage and tensor, for strategies that draw at random
     */
    WeightKey keys(float[] weights, QuantumSet quantumSet, long seed);

    /** The strategy of a name: pruning, random or quantization-error. */
    static PartitionStrategy named(String name) {
        return switch (name) {
            case PruningPartition.NAME -> new PruningPartition();
            case RandomPartition.NAME -> new RandomPartition();
            case QuantizationErrorPartition.NAME -> new QuantizationErrorPartition();
            default -> throw new IllegalArgumentException("no partition strategy named '" + name
                    + "'; known: " + PruningPartition.NAME + ", " + RandomPartition.NAME + ", "
                    + QuantizationErrorPartition.NAME);
        };
    }
}
