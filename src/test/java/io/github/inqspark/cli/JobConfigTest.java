package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HOCON loading: defaults, overrides, and errors that name the key and where it came from. */
class JobConfigTest {

    @TempDir
    Path dir;

    File write(String text) throws IOException {
        Path p = dir.resolve("job.conf");
        Files.writeString(p, text);
        return p.toFile();
    }

    static final String MINIMAL = "inq { model = m.zip, run-dir = runs/x, data.dir = data/mnist }\n";

    @Test
    void theDemoConfigLoadsWithItsSettings() {
        JobConfig c = JobConfig.load(new File("conf/mnist-lenet-5bit.conf"), List.of());
        assertEquals(5, c.spec().inq().bits());
        assertArrayEquals(new double[] {0.5, 0.75, 0.875, 1}, c.spec().inq().schedule().portions());
        assertEquals("pruning", c.spec().inq().strategy());
        assertEquals(15000, c.trainExamples());
        assertTrue(c.sparkEnabled());
    }

    @Test
    void overridesWinAndPortionsReplaceTheNamedSchedule() throws IOException {
        JobConfig c = JobConfig.load(write(MINIMAL), List.of("inq.quantization.bits=3",
                "inq.quantization.portions=[0.25, 0.5, 1]", "inq.spark.enabled=false"));
        assertEquals(3, c.spec().inq().bits());
        assertArrayEquals(new double[] {0.25, 0.5, 1}, c.spec().inq().schedule().portions());
        assertEquals(false, c.sparkEnabled());
        assertEquals("paper", c.spec().inq().n1Rule());
        assertEquals("min-error", JobConfig.load(write(MINIMAL), List.of("inq.quantization.n1-rule=min-error"))
                .spec().inq().n1Rule());
    }

    @Test
    void validationIsHeldOutFromTheEndOfTheTrainingSplit() throws Exception {
        String data = "inq.data.dir=" + io.github.inqspark.testutil.TestData.mnistDir();
        JobConfig c = JobConfig.load(write(MINIMAL), List.of(data, "inq.data.validation-examples=5000",
                "inq.data.train-examples=100", "inq.train.batch-size=50"));
        var conf = new org.apache.hadoop.conf.Configuration();
        var eval = QuantizeCommand.batches(c, false, conf);
        assertEquals(10, eval.batches(), "5000 held-out examples in batches of 500");
        var all = io.github.inqspark.testutil.TestData.mnistTrain();
        // the first evaluation example is training example 55,000
        assertArrayEquals(all.batch(55_000, 55_001).getFeatures().data().asFloat(),
                ((org.nd4j.linalg.dataset.DataSet) eval.batch(0, 0).getRange(0, 1)).getFeatures().dup().data().asFloat());
        assertEquals(2, QuantizeCommand.batches(c, true, conf).batches());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(write(MINIMAL),
                List.of("inq.data.format=shards", "inq.data.validation-examples=10")));
        assertTrue(e.getMessage().contains("mnist format only"), e.getMessage());
    }

    @Test
    void unquotedUrisAndPathsAreStrings() throws IOException {
        JobConfig c = JobConfig.load(write(MINIMAL), List.of("inq.model=hdfs://nn:8020/models/vgg16.h5",
                "inq.run-dir=file:/tmp/run", "inq.data.dir=s3a://bucket/shards", "inq.train.seed=7"));
        assertEquals("hdfs://nn:8020/models/vgg16.h5", c.spec().modelUri());
        assertEquals("file:/tmp/run", c.spec().runDir());
        assertEquals("s3a://bucket/shards", c.dataDir());
        assertEquals(7, c.spec().train().seed());
    }

    @Test
    void errorsNameTheKeyAndTheFile() throws IOException {
        File f = write(MINIMAL + "inq.train.epoch-per-stage = 3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(f, List.of()));
        assertTrue(e.getMessage().contains("inq.train.epoch-per-stage") && e.getMessage().contains("job.conf: 2"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(write(MINIMAL + "inq.quantization.bits = five\n"), List.of()));
        assertTrue(e.getMessage().contains("quantization.bits"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(write(MINIMAL), List.of("inq.quantization.portions=[0.5, 0.4, 1]")));
        assertTrue(e.getMessage().contains("strictly increase"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(write(MINIMAL), List.of("inq.quantization.bits=9")));
        assertTrue(e.getMessage().contains("bits must be in 2..8, found 9"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(write("inq { run-dir = x, data.dir = y }"), List.of()));
        assertTrue(e.getMessage().contains("inq.model is required"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(write(MINIMAL), List.of("inq.nothing")));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(write(MINIMAL), List.of("inq.quantization.strategy=magnitude")));
        assertTrue(e.getMessage().contains("magnitude") && e.getMessage().contains("pruning"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(write(MINIMAL), List.of("inq.quantization.n1-rule=median")));
        assertTrue(e.getMessage().contains("inq.quantization") && e.getMessage().contains("'median'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(new File("missing.conf"), List.of()));
        assertTrue(e.getMessage().contains("missing.conf"), e.getMessage());
    }

    @Test
    void theCommandLineExitsWithTwoOnBadConfigurationAndOneOnAFailedRun() throws IOException {
        assertEquals(2, Main.run("quantize", "--conf", write(MINIMAL + "inq.bogus = 1\n").getPath()));
        assertEquals(2, Main.run("quantize", "--conf", write(MINIMAL).getPath()), "the model file is missing");
        Path model = Files.writeString(dir.resolve("m.zip"), "not read: the data is missing first");
        assertEquals(1, Main.run("quantize", "--conf", write(MINIMAL).getPath(), "--set", "inq.model=" + model,
                "--set", "inq.data.dir=" + dir.resolve("none")));
        assertEquals(2, Main.run("no-such-command"));
    }
}
