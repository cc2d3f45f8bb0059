package io.github.inqspark.bench;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.data.LabeledImages;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.Progress;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.StageProjection;
import io.github.inqspark.train.StageTrainer;
import io.github.inqspark.train.TrainSettings;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Examples per second of one INQ stage's re-training: the single-JVM trainer against the Spark
 * trainer on local[2], same model (LeNet-5-style), data (MNIST), batch size and total threads
 * (2), in one run; plus the cost of the frozen-weight projection against one iteration. Run by
 * jobs/bench-trainers.sh; not part of the test suite.
 */
public final class TrainerThroughputBenchmark {

    /** Args: mnist-dir examples mode, mode = local | spark:AVG,AVG,... | projection. Threads come from OMP_NUM_THREADS. */
    public static void main(String[] args) throws Exception {
        String mnist = args[0];
        int examples = Integer.parseInt(args[1]);
        String mode = args[2];
        List<DataSet> batches = LabeledImages.load(mnist, true, new Configuration()).slice(0, examples).batches(64);
        TrainSettings settings = new TrainSettings(1, 64, 0.005, 1, 1);
        String threads = "OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS");
        if (mode.equals("local")) {
            measure("warm-up", new LocalTrainer(), batches, settings);
            measure("local, 1 JVM, " + threads, new LocalTrainer(), batches, settings);
        } else if (mode.startsWith("spark:")) {
            JavaSparkContext sc = SparkContexts.start(SparkContexts.conf("bench", "local[2]"));
            try {
                measure("warm-up", new SparkTrainer(sc, 2, 10), batches, settings);
                for (String avg : mode.substring(6).split(",")) {
                    measure("spark local[2], " + threads + ", averaging every " + avg,
                            new SparkTrainer(sc, 2, Integer.parseInt(avg)), batches, settings);
                }
            } finally {
                sc.stop();
            }
        } else {
            projectionCost(batches);
        }
    }

    static double measure(String label, StageTrainer trainer, List<DataSet> batches, TrainSettings settings)
            throws Exception {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1));
        StageProjection projection = stageOne(net);
        long t0 = System.nanoTime();
        trainer.trainStage(net, projection, batches, settings, 0, new Progress(s -> { }, 1 << 30, "", 1), (e, r) -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long n = batches.stream().mapToLong(DataSet::numExamples).sum();
        double rate = n / seconds;
        if (!label.equals("warm-up")) {
            System.out.printf(Locale.ROOT, "%-58s %,7d examples  %6.1f s  %7.0f examples/s%n", label, n, seconds, rate);
        }
        return rate;
    }

    /** The network after stage 1 of the ResNet-18 schedule (half of every tensor frozen). */
    static StageProjection stageOne(Net net) {
        NetworkTensors nt = net.tensors();
        List<float[]> w = nt.readAll();
        ModelQuantState state = ModelQuantState.initial(new InqSettings(5, Schedule.named("resnet18"), "pruning", 1),
                nt.names(), nt.shapes(), w);
        StageQuantizer.applyNextStage(state, w);
        nt.writeAll(w);
        return StageProjection.of(state, nt, net.numParams());
    }

    static void projectionCost(List<DataSet> batches) {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1));
        StageProjection projection = stageOne(net);
        int iterations = 200;
        for (int i = 0; i < 50; i++) {
            projection.project(net.params());
            projection.maskGradient(net.params().dup());
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            projection.project(net.params());
        }
        double projectUs = (System.nanoTime() - t0) / 1e3 / iterations;
        for (int i = 0; i < 20; i++) {
            net.fit(batches.get(i));
        }
        t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            net.fit(batches.get(i));
        }
        double fitUs = (System.nanoTime() - t0) / 1e3 / 50;
        System.out.printf(Locale.ROOT, "projection (project + gradient mask, %,d params): %.0f us x 2 per iteration;"
                + " one fit iteration (batch 64): %.0f us; share %.2f%%%n", net.numParams(), projectUs, fitUs,
                100 * 2 * projectUs / fitUs);
    }
}
