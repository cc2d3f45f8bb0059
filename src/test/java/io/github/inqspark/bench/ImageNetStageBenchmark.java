package io.github.inqspark.bench;

import io.github.inqspark.core.FreezeMask;
import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.model.ImageNetArchitectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.Progress;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.StageProjection;
import io.github.inqspark.train.StageTrainer;
import io.github.inqspark.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One INQ stage of an ImageNet-scale network at 224x224 through the Spark path (local[2], 2
 * workers): partition + quantize, projection build, a handful of minibatches of data of the right
 * shape, then a check that every frozen weight kept its exact value. Prints times and the peak
 * resident memory. Args: arch (vgg16 | resnet50), batch size per worker, minibatches, trainer
 * (spark: local[2] with 2 workers, the default; local: the single-JVM trainer).
 * Run by jobs/bench-imagenet-stage.sh; not part of the test suite.
 */
public final class ImageNetStageBenchmark {

    public static void main(String[] args) throws Exception {
        String arch = args[0];
        int batch = Integer.parseInt(args[1]);
        int minibatches = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        Net net = ImageNetArchitectures.named(arch, 1000, 1);
        NetworkTensors nt = net.tensors();
        System.out.printf(Locale.ROOT, "%s: %,d parameters, %d quantizable tensors, %,d quantizable weights; built in %.1f s%n",
                arch, net.numParams(), nt.tensors().size(), nt.tensors().stream().mapToLong(t -> t.length()).sum(), secs(t0));

        t0 = System.nanoTime();
        List<float[]> w = nt.readAll();
        ModelQuantState state = ModelQuantState.initial(new InqSettings(5, Schedule.named("vgg16"), "pruning", 1),
                nt.names(), nt.shapes(), w);
        StageQuantizer.applyNextStage(state, w);
        nt.writeAll(w);
        List<float[]> before = nt.readAll();
        w = null;
        System.out.printf(Locale.ROOT, "stage 1 partition + quantize, read and write of the weights: %.1f s%n", secs(t0));

        t0 = System.nanoTime();
        StageProjection projection = StageProjection.of(state, nt, net.numParams());
        System.out.printf(Locale.ROOT, "projection built in %.1f s; broadcast size %,d bytes (float weights: %,d)%n",
                secs(t0), projection.broadcastBytes(), 4 * net.numParams());

        List<DataSet> data = new ArrayList<>();
        for (int i = 0; i < minibatches; i++) {
            DataSet d = new DataSet(Nd4j.rand(batch, 3, 224, 224), Nd4j.zeros(batch, 1000));
            for (int r = 0; r < batch; r++) {
                d.getLabels().putScalar(r, (i * batch + r) % 1000, 1f);
            }
            data.add(d);
        }
        boolean spark = args.length < 4 || args[3].equals("spark");
        org.apache.spark.SparkConf conf = SparkContexts.conf("imagenet-stage", "local[2]");
        for (String kv : System.getProperty("inq.bench.spark", "").split(",")) { // extra key=value settings to try
            if (kv.contains("=")) {
                conf.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        JavaSparkContext sc = spark ? SparkContexts.start(conf) : null;
        try (StageTrainer trainer = spark ? new SparkTrainer(sc, 2, 1,
                !Boolean.getBoolean("inq.bench.noSaveUpdater")) : new LocalTrainer()) {
            t0 = System.nanoTime();
            trainer.trainStage(net, projection, data, new TrainSettings(1, batch, 1e-3, 1, 1), 0,
                    new Progress(System.out::println, 30_000, "stage 1/4", minibatches), (e, r) -> { });
            double s = secs(t0);
            System.out.printf(Locale.ROOT, "trained %d minibatches of %d with %s in %.1f s (%.1f s per minibatch)%n",
                    minibatches, batch, trainer.describe(), s, s / minibatches);
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
        List<float[]> after = nt.readAll();
        long frozen = 0;
        long moved = 0;
        for (int j = 0; j < after.size(); j++) {
            FreezeMask mask = state.tensors().get(j).mask();
            for (int i = 0; i < after.get(j).length; i++) {
                if (mask.isFrozen(i)) {
                    frozen++;
                    if (Float.floatToRawIntBits(after.get(j)[i]) != Float.floatToRawIntBits(before.get(j)[i])) {
                        throw new IllegalStateException(state.tensors().get(j).name() + " frozen weight " + i + " moved");
                    }
                } else if (after.get(j)[i] != before.get(j)[i]) {
                    moved++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "frozen weights exact: %,d of %,d; free weights that moved: %,d%n",
                frozen, state.totalWeights(), moved);
        System.out.println("peak resident memory: " + Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?"));
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
