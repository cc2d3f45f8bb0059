package io.github.inqspark.bench;

import io.github.inqspark.model.ImageNetArchitectures;
import io.github.inqspark.model.Net;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward + backward + update time of one minibatch at 224x224 in one JVM, for an ImageNet
 * architecture at 1000 classes. Prints the ND4J backend in use (which native variant), one warm-up
 * and the median of the timed iterations. Args: arch, batch size, iterations (default 3).
 * Run by jobs/bench-iteration.sh; not part of the test suite.
 */
public final class IterationBenchmark {

    public static void main(String[] args) {
        io.github.inqspark.model.NativeVariant.apply();
        String arch = args[0];
        int batch = Integer.parseInt(args[1]);
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        String build = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        System.out.printf(Locale.ROOT, "backend %s, BLAS %s, threads %s, native variant '%s', oneDNN in the build: %s%n",
                env.get("backend"), env.get("blas.vendor"), env.get("omp.threads"),
                System.getProperty("org.bytedeco.javacpp.platform.extension", ""),
                build.contains("ONEDNN") || build.contains("MKLDNN") || build.contains("DNNL"));
        Net net = ImageNetArchitectures.named(arch, 1000, 1);
        DataSet d = new DataSet(Nd4j.rand(batch, 3, 224, 224), Nd4j.zeros(batch, 1000));
        for (int i = 0; i < batch; i++) {
            d.getLabels().putScalar(i, i % 1000, 1);
        }
        net.fit(d); // warm-up: workspaces, kernels
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            net.fit(d);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "%s batch %d: median %.2f s per iteration (min %.2f, max %.2f, %d timed), %.2f images/s%n",
                arch, batch, seconds[iterations / 2], seconds[0], seconds[iterations - 1], iterations,
                batch / seconds[iterations / 2]);
    }
}
