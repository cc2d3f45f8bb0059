package io.github.inqspark.core;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Applies one INQ stage on the driver: for every quantizable tensor, partition the free weights
 * (the strategy ranks, the schedule counts), set each newly frozen weight to Q(w) and freeze it.
 *
 * <p>Stage n leaves exactly {@link Schedule#frozenAfter}(n, count) weights frozen in each tensor:
 * it freezes that target minus those already frozen, chosen only among the free weights (spec
 * decision 2). Tensors are processed in parallel; each tensor's result depends only on its own
 * weights, state and seed, so the outcome is the same on any number of threads.
 */
public final class StageQuantizer {

    private StageQuantizer() {
    }

    /**
     * Applies stage {@code state.stagesDone() + 1} in place, to the state and to {@code weights}
     * (one array per tensor, in the state's order).
     *
     * @return the number of weights newly frozen in each tensor
     * @throws IllegalArgumentException naming the tensor and index of a non-finite weight, or a
     *         tensor whose weight count does not match its state; nothing is changed then
     */
    public static int[] applyNextStage(ModelQuantState state, List<float[]> weights) {
        if (state.isComplete()) {
            throw new IllegalStateException("all " + state.stagesDone() + " stages are already applied");
        }
        List<TensorQuantState> tensors = state.tensors();
        if (weights.size() != tensors.size()) {
            throw new IllegalArgumentException("the state has " + tensors.size() + " tensors but "
                    + weights.size() + " weight arrays were given");
        }
        for (int j = 0; j < tensors.size(); j++) {
            TensorQuantState t = tensors.get(j);
            float[] w = weights.get(j);
            if (w.length != t.count()) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' has " + t.count()
                        + " weights in its state but " + w.length + " were given");
            }
        }
        IntStream.range(0, tensors.size()).parallel()
                .forEach(j -> requireFinite(tensors.get(j).name(), weights.get(j)));

        int stage = state.stagesDone() + 1;
        InqSettings settings = state.settings();
        PartitionStrategy strategy = settings.partitionStrategy();
        int[] newlyFrozen = new int[tensors.size()];
        IntStream.range(0, tensors.size()).parallel().forEach(j -> {
            TensorQuantState t = tensors.get(j);
            int target = settings.schedule().frozenAfter(stage, t.count());
            long seed = tensorSeed(settings.seed(), stage, t.name());
            newlyFrozen[j] = freezeUpTo(t, weights.get(j), target, strategy, seed);
        });
        state.markStageDone(stage);
        return newlyFrozen;
    }

    /** Freezes free weights of one tensor until {@code target} are frozen; returns how many it froze. */
    static int freezeUpTo(TensorQuantState t, float[] w, int target, PartitionStrategy strategy, long seed) {
        FreezeMask mask = t.mask();
        int toFreeze = target - mask.frozenCount();
        if (toFreeze < 0) {
            throw new IllegalStateException("tensor '" + t.name() + "' already has " + mask.frozenCount()
                    + " frozen weights, more than the target " + target);
        }
        QuantumSet q = t.quantumSet();
        SmallestKeySelector.select(strategy.keys(w, q, seed), mask, toFreeze, i -> w[i] = q.quantize(w[i]));
        return toFreeze;
    }

    /** The seed of one tensor at one stage, so random partitions are reproducible and independent. */
    static long tensorSeed(long runSeed, int stage, String tensor) {
        return RandomPartition.mix(runSeed ^ RandomPartition.mix(stage * 0x632BE59BD9B4E019L + tensor.hashCode()));
    }

    static void requireFinite(String tensor, float[] w) {
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) {
                throw new IllegalArgumentException("tensor '" + tensor + "' holds " + w[i] + " at index " + i
                        + ": re-training diverged or the model is corrupt; weights must be finite to quantize");
            }
        }
    }
}
