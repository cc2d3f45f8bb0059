package io.github.inqspark.core;

import java.util.SplittableRandom;

/** Weight tensors drawn from the distributions real layers have, for property tests. */
enum RandomTensors {
    NORMAL, LAPLACE, UNIFORM, HEAVY_TAILED, WITH_TIES;

    float[] draw(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double scale = Math.exp(r.nextDouble(-8, 2)); // layers differ in scale by orders of magnitude
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            double x = switch (this) {
                case NORMAL -> gaussian(r);
                case LAPLACE -> (u < 0.5 ? 1 : -1) * Math.log(2 * Math.min(u, 1 - u) + 1e-300);
                case UNIFORM -> 2 * u - 1;
                case HEAVY_TAILED -> gaussian(r) / Math.max(1e-3, Math.abs(gaussian(r))); // Cauchy-like
                case WITH_TIES -> (r.nextInt(7) - 3) * 0.25; // many exact ties, zeros, edges
            };
            w[i] = (float) (x * scale);
        }
        if (allZero(w)) {
            w[0] = (float) scale;
        }
        return w;
    }

    private static boolean allZero(float[] w) {
        for (float v : w) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
