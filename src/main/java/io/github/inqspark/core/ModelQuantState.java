package io.github.inqspark.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole model's quantization state: the run's settings, how many stages have been applied,
 * and each quantizable tensor's state. The driver owns it; it is committed with every stage and
 * broadcast (serialized by {@link QuantStateCodec}) to executors.
 */
public final class ModelQuantState {

    private final InqSettings settings;
    private final List<TensorQuantState> tensors;
    private int stagesDone;

    public ModelQuantState(InqSettings settings, List<TensorQuantState> tensors, int stagesDone) {
        if (stagesDone < 0 || stagesDone > settings.schedule().stages()) {
            throw new IllegalArgumentException("stages done must be in 0.." + settings.schedule().stages()
                    + ", found " + stagesDone);
        }
        Set<String> names = new HashSet<>();
        for (TensorQuantState t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' appears twice");
            }
            if (t.quantumSet().bits() != settings.bits()) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' has b = "
                        + t.quantumSet().bits() + " but the run has b = " + settings.bits());
            }
            int expected = settings.schedule().frozenAfter(stagesDone, t.count());
            if (t.mask().frozenCount() != expected) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' has " + t.mask().frozenCount()
                        + " frozen weights but stage " + stagesDone + " of " + settings.schedule()
                        + " requires " + expected);
            }
        }
        this.settings = settings;
        this.tensors = List.copyOf(tensors);
        this.stagesDone = stagesDone;
    }

    /** The state before stage 1: P_l of each tensor from its pre-trained weights, nothing frozen. */
    public static ModelQuantState initial(InqSettings settings, List<String> names, List<int[]> shapes,
                                          List<float[]> weights) {
        if (names.size() != shapes.size() || names.size() != weights.size()) {
            throw new IllegalArgumentException("names, shapes and weights differ in length: "
                    + names.size() + ", " + shapes.size() + ", " + weights.size());
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the model has no quantizable tensor");
        }
        List<TensorQuantState> ts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ts.add(TensorQuantState.initial(names.get(i), shapes.get(i), weights.get(i), settings.bits(),
                    settings.n1Rule()));
        }
        return new ModelQuantState(settings, ts, 0);
    }

    public InqSettings settings() {
        return settings;
    }

    public List<TensorQuantState> tensors() {
        return tensors;
    }

    public int stagesDone() {
        return stagesDone;
    }

    public boolean isComplete() {
        return stagesDone == settings.schedule().stages();
    }

    void markStageDone(int stage) {
        if (stage != stagesDone + 1) {
            throw new IllegalStateException("stage " + stage + " applied after stage " + stagesDone);
        }
        stagesDone = stage;
    }

    public long totalWeights() {
        long n = 0;
        for (TensorQuantState t : tensors) {
            n += t.count();
        }
        return n;
    }

    public long totalFrozen() {
        long n = 0;
        for (TensorQuantState t : tensors) {
            n += t.mask().frozenCount();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelQuantState m && m.settings.equals(settings) && m.stagesDone == stagesDone
                && m.tensors.equals(tensors);
    }

    @Override
    public int hashCode() {
        return settings.hashCode() * 31 + tensors.hashCode() + stagesDone;
    }
}
