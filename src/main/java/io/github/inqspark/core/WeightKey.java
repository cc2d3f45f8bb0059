package io.github.inqspark.core;

/**
 * A ranking of a tensor's weights for partitioning: weights with smaller keys are frozen first.
 * Keys are non-negative ints so a radix selection can find the cut in linear time.
 */
@FunctionalInterface
public interface WeightKey {
    /** The key of weight {@code i}, in 0 .. {@link Integer#MAX_VALUE}. */
    int key(int i);
}
