package io.github.inqspark.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The accumulated portions sigma_1 < ... < sigma_N = 1: after stage n, a fraction sigma_n of each
 * quantizable tensor is frozen.
 *
 * <p>Counts: stage n leaves exactly {@code round(sigma_n * count)} weights frozen in a tensor of
 * {@code count} weights, where round is half-up ({@link Math#round(double)}). Because the portions
 * strictly increase the targets never decrease, and the last (sigma_N = 1) is the whole tensor.
 */
public record Schedule(double[] portions) {

    /** The paper's schedules (inq-spec.md), by name. */
    private static final Map<String, double[]> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("alexnet", new double[] {0.3, 0.6, 0.8, 1});
        NAMED.put("vgg16", new double[] {0.5, 0.75, 0.875, 1});
        NAMED.put("googlenet", new double[] {0.2, 0.4, 0.6, 0.8, 1});
        NAMED.put("resnet18", new double[] {0.5, 0.75, 0.875, 1});
        NAMED.put("resnet50", new double[] {0.5, 0.75, 0.875, 1});
        NAMED.put("resnet18-4bit", new double[] {0.3, 0.5, 0.8, 0.9, 0.95, 1});
        NAMED.put("resnet18-3bit", new double[] {0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95, 1});
        NAMED.put("resnet18-2bit", new double[] {0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.975, 1});
        NAMED.put("all-at-once", new double[] {1});
    }

    public Schedule {
        portions = portions.clone();
        if (portions.length == 0) {
            throw new IllegalArgumentException("schedule is empty: give accumulated portions ending at 1");
        }
        for (int n = 0; n < portions.length; n++) {
            double p = portions[n];
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("portion " + (n + 1) + " of " + Arrays.toString(portions)
                        + " must lie in (0, 1], found " + p);
            }
            if (n > 0 && !(p > portions[n - 1])) {
                throw new IllegalArgumentException("portions must strictly increase: portion " + (n + 1)
                        + " = " + p + " follows " + portions[n - 1] + " in " + Arrays.toString(portions));
            }
        }
        if (portions[portions.length - 1] != 1.0) {
            throw new IllegalArgumentException("the last portion must be 1 (everything quantized), found "
                    + portions[portions.length - 1] + " in " + Arrays.toString(portions));
        }
    }

    /** A paper schedule by name: alexnet, vgg16, googlenet, resnet18, resnet50, resnet18-4bit, ... */
    public static Schedule named(String name) {
        double[] p = NAMED.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no schedule named '" + name + "'; known: " + NAMED.keySet());
        }
        return new Schedule(p);
    }

    public static Iterable<String> names() {
        return NAMED.keySet();
    }

    @Override
    public double[] portions() {
        return portions.clone();
    }

    /** N, the number of stages. */
    public int stages() {
        return portions.length;
    }

    /** sigma_n for stage n in 1..N. */
    public double portion(int stage) {
        checkStage(stage);
        return portions[stage - 1];
    }

    /** How many of {@code count} weights are frozen once stage n (0..N) is done; stage 0 is none. */
    public int frozenAfter(int stage, int count) {
        if (stage == 0) {
            return 0;
        }
        checkStage(stage);
        if (stage == portions.length) {
            return count;
        }
        return (int) Math.round(portions[stage - 1] * count);
    }

    private void checkStage(int stage) {
        if (stage < 1 || stage > portions.length) {
            throw new IllegalArgumentException("stage must be in 1.." + portions.length + ", found " + stage);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && Arrays.equals(s.portions, portions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(portions);
    }

    @Override
    public String toString() {
        return Arrays.toString(portions);
    }
}
