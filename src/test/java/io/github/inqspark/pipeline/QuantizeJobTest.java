package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.TensorQuantState;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.model.ParamInfo;
import io.github.inqspark.store.CorruptCheckpointException;
import io.github.inqspark.store.RunDirectory;
import io.github.inqspark.store.RunLock;
import io.github.inqspark.store.RunLockedException;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.StageTrainer;
import io.github.inqspark.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The quantize job end to end on real MNIST: Spark local mode, resume, corruption, locking. */
class QuantizeJobTest {

    static JavaSparkContext sc;
    static List<DataSet> train;
    static List<DataSet> eval;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sc = SparkContexts.start(SparkContexts.conf("QuantizeJobTest", "local[2]")
                .set("spark.kryo.registrationRequired", "true"));
        train = TestData.mnistTrain().slice(4000, 7200).batches(32);
        eval = TestData.mnistTest().slice(0, 2000).batches(500);
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    QuantizeSpec spec(Path model, Path run, String schedule, int epochs) {
        return spec(model.toUri().toString(), run, schedule, epochs);
    }

    QuantizeSpec spec(String model, Path run, String schedule, int epochs) {
        return new QuantizeSpec(model, run.toUri().toString(),
                new InqSettings(5, Schedule.named(schedule), "pruning", 42),
                new TrainSettings(epochs, 32, 0.005, 0.5, 1), 0);
    }

    QuantizeJob.Result run(QuantizeSpec spec, StageTrainer trainer, List<String> log, boolean fallback) throws Exception {
        return new QuantizeJob(spec, new Configuration(), trainer, train, eval, log::add, fallback).run();
    }

    @Test
    void quantizesLenetOnSparkAndKeepsAccuracy() throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        List<String> log = new ArrayList<>();
        QuantizeJob.Result r = run(spec(model, run, "resnet18", 1), new SparkTrainer(sc, 2, 5), log, false);

        assertEquals(QuantizeJob.Outcome.COMPLETED, r.outcome());
        NetworkTensors nt = r.net().tensors();
        for (TensorQuantState t : r.state().tensors()) {
            float[] w = nt.read(nt.tensor(t.name()));
            for (int i = 0; i < w.length; i++) {
                assertTrue(t.quantumSet().contains(w[i]), t.name() + "[" + i + "] = " + w[i]);
            }
        }
        // biases are not quantized: they still hold values that are no power of two
        for (ParamInfo p : nt.params()) {
            if (!p.quantizable()) {
                float[] b = r.net().multiLayer().getLayer(p.name().split("/")[0]).getParam("b").toFloatVector();
                long powersOfTwo = 0;
                for (float v : b) {
                    powersOfTwo += v != 0 && Math.scalb(1f, Math.getExponent(v)) == Math.abs(v) ? 1 : 0;
                }
                assertTrue(powersOfTwo < b.length, p.name() + " looks quantized");
            }
        }
        List<StageMetrics> m = r.metrics();
        assertEquals(5, m.size());
        double reference = m.get(0).top1();
        double last = m.get(4).top1();
        assertTrue(reference > 0.85, "reference top-1 " + reference);
        // Stated margin: 5-bit INQ loses at most 1 point of top-1 against the reference.
        assertTrue(last >= reference - 0.01, "5-bit top-1 " + last + " vs reference " + reference);
        assertEquals(1.0, m.get(4).frozenFraction());

        TreeMap<String, String> before = Fixtures.hashTree(run.resolve("checkpoints"));
        QuantizeJob.Result again = run(spec(model, run, "resnet18", 1), new SparkTrainer(sc, 2, 5), log, false);
        assertEquals(QuantizeJob.Outcome.ALREADY_COMPLETE, again.outcome());
        assertEquals(before, Fixtures.hashTree(run.resolve("checkpoints")));
    }

    @Test
    void corruptCheckpointIsRefusedAndRedoneOnlyOnRequest() throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        QuantizeSpec spec = new QuantizeSpec(model.toUri().toString(), run.toUri().toString(),
                new InqSettings(4, new Schedule(new double[] {0.5, 1}), "pruning", 1),
                new TrainSettings(1, 32, 0.005, 0.5, 1), 0);
        run(spec, new LocalTrainer(), new ArrayList<>(), false);
        Path zip = run.resolve("checkpoints/stage-002/model.zip");
        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(zip, bytes);
        TreeMap<String, String> before = Fixtures.hashTree(run);

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> run(spec, new LocalTrainer(), new ArrayList<>(), false));
        assertTrue(e.getMessage().contains("stage-002/model.zip") && e.getMessage().contains("checksum"), e.getMessage());
        assertTrue(e.getMessage().contains("--fallback-on-corrupt"), e.getMessage());
        assertEquals(before, Fixtures.hashTree(run), "a refused run changes nothing");

        List<String> log = new ArrayList<>();
        QuantizeJob.Result r = run(spec, new LocalTrainer(), log, true);
        assertEquals(QuantizeJob.Outcome.COMPLETED, r.outcome());
        assertTrue(log.stream().anyMatch(l -> l.contains("moved aside")), String.join("\n", log));
        assertEquals(before.get("checkpoints/stage-001/model.zip"), Fixtures.hashTree(run).get("checkpoints/stage-001/model.zip"));
        assertTrue(Files.list(run.resolve("checkpoints")).anyMatch(p -> p.getFileName().toString().startsWith(".corrupt-stage-002")));
    }

    @Test
    void aSecondRunIsRefusedWhileTheFirstHoldsTheLockAndAStaleLockIsTakenOver() throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        QuantizeSpec spec = spec(model, run, "all-at-once", 0);
        RunDirectory dir = RunDirectory.open(run.toUri().toString(), new Configuration());
        try (RunLock held = RunLock.acquire(dir, 1000, 60_000)) {
            RunLockedException e = assertThrows(RunLockedException.class,
                    () -> run(spec, new LocalTrainer(), new ArrayList<>(), false));
            assertTrue(e.getMessage().contains("in use by another run"), e.getMessage());
        }
        // a lock left by a process of this host that no longer exists
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(run.resolve("LOCK"), java.net.InetAddress.getLocalHost().getHostName() + " " + dead.pid() + " x");
        assertEquals(QuantizeJob.Outcome.COMPLETED, run(spec, new LocalTrainer(), new ArrayList<>(), false).outcome());
        assertTrue(Files.notExists(run.resolve("LOCK")), "the lock is released at the end");
    }

    @Test
    void refusesToResumeWithOtherSettings() throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        run(spec(model, run, "all-at-once", 0), new LocalTrainer(), new ArrayList<>(), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(spec(model, run, "vgg16", 0), new LocalTrainer(), new ArrayList<>(), false));
        assertTrue(e.getMessage().contains("was started with"), e.getMessage());
    }

    @Test
    void resumesWhateverWayTheSameModelPathIsSpelledButNotAnotherModel() throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        run(spec(model.toString(), run, "all-at-once", 0), new LocalTrainer(), new ArrayList<>(), false);
        String relative = Path.of("").toAbsolutePath().relativize(model).toString();
        for (String spelling : List.of(relative, "file://" + model, model.getParent() + "/./" + model.getFileName())) {
            QuantizeJob.Result again = run(spec(spelling, run, "all-at-once", 0), new LocalTrainer(), new ArrayList<>(), false);
            assertEquals(QuantizeJob.Outcome.ALREADY_COMPLETE, again.outcome(), spelling);
        }
        Path copy = Files.copy(model, tmp.resolve("copy.zip"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(spec(copy, run, "all-at-once", 0), new LocalTrainer(), new ArrayList<>(), false));
        assertTrue(e.getMessage().contains("copy.zip"), e.getMessage());
    }
}
