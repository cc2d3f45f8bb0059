package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.data.ImageTransform;
import io.github.inqspark.data.LabeledImages;
import io.github.inqspark.data.SampleImageTree;
import io.github.inqspark.data.ShardBatches;
import io.github.inqspark.data.ShardManifest;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.StageTrainer;
import io.github.inqspark.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The ImageNet path end to end on real images: a Fashion-MNIST tree of JPEGs in the ILSVRC layouts,
 * with broken files mixed in, through data-prep (in this JVM and on Spark), then a quantize run
 * whose executors read the shards themselves.
 */
class PrepJobTest {

    static final Configuration CONF = new Configuration();
    static final int TRAIN_PER_CLASS = 30;
    static final int VAL_PER_CLASS = 6;

    @TempDir
    static Path tmp;
    static SampleImageTree.Written tree;
    static String root;
    static JavaSparkContext sc;

    @BeforeAll
    static void buildTree() throws Exception {
        root = tmp.resolve("fashion-tree").toUri().toString();
        LabeledImages train = LabeledImages.load(TestData.fashionMnistDir(), true, CONF);
        LabeledImages test = LabeledImages.load(TestData.fashionMnistDir(), false, CONF);
        tree = SampleImageTree.write(train, test, TRAIN_PER_CLASS, VAL_PER_CLASS, root, CONF);
        sc = SparkContexts.start(SparkContexts.conf("PrepJobTest", "local[2]"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    static PrepJob.Settings settings(String out, String labels) {
        return new PrepJob.Settings(root + "/train", root + "/val", root + "/" + labels, out, 32, 64, 0.9f);
    }

    @Test
    void countsLabelsAndClassOrderAreRight() throws Exception {
        String out = tmp.resolve("shards-local").toUri().toString();
        List<String> log = new ArrayList<>();
        ShardManifest m = new PrepJob(settings(out, "val_labels.txt"), CONF, log::add).run(null);

        assertEquals(SampleImageTree.FASHION_CLASSES, m.classes());
        ShardManifest.Split train = m.splits().get("train");
        ShardManifest.Split val = m.splits().get("val");
        assertEquals(10L * TRAIN_PER_CLASS, train.records());
        assertEquals(10L * VAL_PER_CLASS, val.records());
        for (String c : m.classes()) {
            assertEquals(TRAIN_PER_CLASS, train.perClass().get(c), c);
            assertEquals(VAL_PER_CLASS, val.perClass().get(c), c);
        }
        assertEquals(3, train.skipped().size(), train.skipped().toString());
        assertEquals(1, val.skipped().size(), val.skipped().toString());
        assertTrue(train.skipped().stream().anyMatch(s -> s.file().endsWith("broken_empty.JPEG") && s.reason().contains("empty")));
        assertTrue(train.skipped().stream().anyMatch(s -> s.file().endsWith("broken_not_an_image.JPEG")
                && s.reason().contains("not an image")));
        assertTrue(train.skipped().stream().anyMatch(s -> s.file().endsWith("broken_truncated.JPEG")
                && s.reason().contains("corrupt")), train.skipped().toString());
        long grey = train.converted().getOrDefault("greyscale_to_rgb", 0L) + val.converted().getOrDefault("greyscale_to_rgb", 0L);
        long png = train.converted().getOrDefault("non_jpeg_to_jpeg", 0L) + val.converted().getOrDefault("non_jpeg_to_jpeg", 0L);
        assertEquals(tree.greyscale(), grey);
        assertEquals(tree.png(), png);
        assertTrue(grey > 0 && png > 0);
        assertTrue(log.stream().anyMatch(l -> l.contains("skipped") && l.contains("broken_truncated")), log.toString());

        // Validation labels come back in file-name order as val_labels.txt lists them.
        List<String> expected = Files.readAllLines(Path.of(tmp.resolve("fashion-tree").toString(), "val_labels.txt"));
        ShardBatches v = ShardBatches.open(out, false, 7, new ImageTransform(28, "unit", false), 1, 0, CONF);
        List<String> got = new ArrayList<>();
        for (DataSet b : StageTrainer.inOrder(v)) {
            assertArrayEquals(new long[] {b.numExamples(), 3, 28, 28}, b.getFeatures().shape());
            for (int i = 0; i < b.numExamples(); i++) {
                got.add(m.classes().get(b.getLabels().getRow(i).argMax().getInt(0)));
            }
        }
        assertEquals(expected.subList(0, expected.size() - 1), got, "the last listed file is the broken one");

        // A re-run rewrites nothing and says so; the CSV ground truth gives the same labels.
        Map<String, String> before = Fixtures.hashTree(tmp.resolve("shards-local"));
        ShardManifest again = new PrepJob(settings(out, "val_labels.txt"), CONF, log::add).run(null);
        assertEquals(m, again);
        assertEquals(before, Fixtures.hashTree(tmp.resolve("shards-local")));
        assertTrue(log.stream().anyMatch(l -> l.contains("already complete")));
        String csvOut = tmp.resolve("shards-csv").toUri().toString();
        ShardManifest fromCsv = new PrepJob(settings(csvOut, "LOC_val_solution.csv"), CONF, s -> { }).run(null);
        assertEquals(m.splits().get("val").perClass(), fromCsv.splits().get("val").perClass());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("shards-local").resolve("val-00000.shard")),
                Files.readAllBytes(tmp.resolve("shards-csv").resolve("val-00000.shard")));
    }

    @Test
    void sparkWritesTheSameShardsAsOneJvm() throws Exception {
        String local = tmp.resolve("shards-a").toUri().toString();
        String spark = tmp.resolve("shards-b").toUri().toString();
        ShardManifest a = new PrepJob(settings(local, "val_labels.txt"), CONF, s -> { }).run(null);
        ShardManifest b = new PrepJob(settings(spark, "val_labels.txt"), CONF, s -> { }).run(sc);
        assertEquals(a, b);
        assertEquals(Fixtures.hashTree(tmp.resolve("shards-a")), Fixtures.hashTree(tmp.resolve("shards-b")));
    }

    @Test
    void groundTruthThatDoesNotMatchIsRefusedBeforeAnyWork() throws Exception {
        Path bad = tmp.resolve("short_labels.txt");
        Files.writeString(bad, "c0-tshirt\nc1-trouser\n");
        String out = tmp.resolve("shards-bad").toUri().toString();
        var s = new PrepJob.Settings(root + "/train", root + "/val", bad.toUri().toString(), out, 32, 64, 0.9f);
        Exception e = assertThrows(Exception.class, () -> new PrepJob(s, CONF, x -> { }).run(null));
        assertTrue(e.getMessage().contains("short_labels.txt") && e.getMessage().contains("2 labels"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("shards-bad")), "nothing written");
    }

    @Test
    void quantizeRunsOnShardsReadByExecutors() throws Exception {
        String out = tmp.resolve("shards-q").toUri().toString();
        new PrepJob(settings(out, "val_labels.txt"), CONF, s -> { }).run(sc);
        ImageTransform t = new ImageTransform(28, "unit", false);
        ShardBatches train = ShardBatches.open(out, true, 20, t, 3, 0, CONF);
        ShardBatches val = ShardBatches.open(out, false, 20, t, 3, 0, CONF);
        // A reference trained briefly on the shards: well above chance only if labels line up.
        Net net = Net.of(Architectures.lenet(28, 28, 3, 10, 5));
        for (int epoch = 0; epoch < 6; epoch++) {
            for (int i = 0; i < train.batches(); i++) {
                net.fit(train.batch(epoch, i));
            }
        }
        double top1 = net.evaluate(StageTrainer.inOrder(val)).top1();
        assertTrue(top1 > 0.45, "reference top-1 on the shards " + top1);
        Path model = tmp.resolve("lenet-rgb.zip");
        Files.write(model, net.write());
        QuantizeSpec spec = new QuantizeSpec(model.toUri().toString(), tmp.resolve("run-q").toUri().toString(),
                new InqSettings(5, new Schedule(new double[] {0.5, 1}), "pruning", 1),
                new TrainSettings(1, 20, 0.002, 1, 1), 0);
        QuantizeJob.Result r = new QuantizeJob(spec, CONF, new SparkTrainer(sc, 2, 3), train, val, s -> { }, false).run();
        QuantizeJob.verify(r.net(), r.state());
        assertEquals(10L * VAL_PER_CLASS, r.metrics().get(2).evalExamples());
        assertTrue(r.metrics().get(2).top1() > top1 - 0.15, "5-bit INQ keeps most of the accuracy: " + r.metrics());
    }
}
