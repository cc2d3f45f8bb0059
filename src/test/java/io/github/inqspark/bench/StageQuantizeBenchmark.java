package io.github.inqspark.bench;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Times one INQ stage's partition + quantize over VGG-16's 16 weight tensors (138,344,128
 * weights), for each strategy and stage of the VGG-16 schedule, and at 1/8, 1/4, 1/2 and 1 of the
 * size to show the cost grows linearly. Run by jobs/bench-core.sh, one JVM per strategy as in a
 * real run (several strategies in one JVM make the key call sites megamorphic and slower).
 * Not part of the test suite.
 */
public final class StageQuantizeBenchmark {

    /** VGG-16's convolution and fully connected weight counts (biases are not quantized). */
    static final int[] VGG16 = {
        3 * 3 * 3 * 64, 3 * 3 * 64 * 64,
        3 * 3 * 64 * 128, 3 * 3 * 128 * 128,
        3 * 3 * 128 * 256, 3 * 3 * 256 * 256, 3 * 3 * 256 * 256,
        3 * 3 * 256 * 512, 3 * 3 * 512 * 512, 3 * 3 * 512 * 512,
        3 * 3 * 512 * 512, 3 * 3 * 512 * 512, 3 * 3 * 512 * 512,
        25088 * 4096, 4096 * 4096, 4096 * 1000,
    };

    public static void main(String[] args) {
        String strategy = args.length > 0 ? args[0] : "pruning";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "threads: %d, max heap: %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (double scale : new double[] {0.125, 0.25, 0.5, 1.0}) {
            run(strategy, scale, repeats);
        }
    }

    static void run(String strategy, double scale, int repeats) {
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<float[]> pretrained = new ArrayList<>();
        long total = 0;
        for (int j = 0; j < VGG16.length; j++) {
            int n = (int) Math.max(1, Math.round(VGG16[j] * scale));
            names.add("layer" + j);
            shapes.add(new int[] {n});
            pretrained.add(gaussian(n, j));
            total += n;
        }
        InqSettings settings = new InqSettings(5, Schedule.named("vgg16"), strategy, 1);
        double[] best = new double[settings.schedule().stages()];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int rep = 0; rep <= repeats; rep++) { // repeat 0 warms the JIT up
            ModelQuantState state = ModelQuantState.initial(settings, names, shapes, pretrained);
            List<float[]> weights = new ArrayList<>();
            for (float[] w : pretrained) {
                weights.add(w.clone());
            }
            for (int n = 0; n < best.length; n++) {
                long t0 = System.nanoTime();
                StageQuantizer.applyNextStage(state, weights);
                double s = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) {
                    best[n] = Math.min(best[n], s);
                }
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%-18s weights %,11d  best seconds per stage:", strategy, total));
        double worst = 0;
        for (double b : best) {
            line.append(String.format(Locale.ROOT, " %.3f", b));
            worst = Math.max(worst, b);
        }
        line.append(String.format(Locale.ROOT, "   worst stage %.2f ns/weight", worst * 1e9 / total));
        System.out.println(line);
    }

    static float[] gaussian(int n, long seed) {
        float[] w = new float[n];
        double scale = 0.01 + seed * 0.003;
        IntStream.range(0, (n + 65535) / 65536).parallel().forEach(block -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003 + block);
            for (int i = block * 65536; i < Math.min(n, (block + 1) * 65536); i++) {
                double u = r.nextDouble();
                w[i] = (float) (scale * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * r.nextDouble()));
            }
        });
        return w;
    }
}
