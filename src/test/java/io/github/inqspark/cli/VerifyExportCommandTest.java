package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.pipeline.QuantizeSpec;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.TrainSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export and verify from the command line: exit codes, what they print, and idempotent re-export. */
class VerifyExportCommandTest {

    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void finishedRun() throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        run = tmp.resolve("run");
        new QuantizeJob(new QuantizeSpec(model.toUri().toString(), run.toUri().toString(),
                new InqSettings(4, Schedule.named("all-at-once"), "pruning", 1), new TrainSettings(0, 32, 0.01, 1, 1), 0),
                new Configuration(), new LocalTrainer(), TestData.mnistTrain().slice(0, 64).batches(32),
                TestData.mnistTest().slice(0, 100).batches(100), new ArrayList<String>()::add, false).run();
    }

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void exportThenVerifyTheFileAndTheDl4jModel() throws Exception {
        String file = tmp.resolve("m.inqx").toString();
        Result ex = cli("export", "--run-dir", run.toString(), "--out", file, "--entropy-coded");
        assertEquals(0, ex.code(), ex.err());
        assertTrue(ex.out().contains("total") && ex.out().contains("entropy x"), ex.out());
        byte[] written = Files.readAllBytes(Path.of(file));
        Result again = cli("export", "--run-dir", run.toString(), "--out", file, "--entropy-coded");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("already holds this export"), again.out());
        Result other = cli("export", "--run-dir", run.toString(), "--out", file); // fixed-width: other bytes
        assertEquals(2, other.code());
        assertTrue(other.err().contains("other contents"), other.err());
        assertTrue(java.util.Arrays.equals(written, Files.readAllBytes(Path.of(file))), "the file was not touched");

        Result v = cli("verify", "--model", file);
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("format version 2") && v.out().contains("conv1/W") && v.out().contains("verified"), v.out());
        String stage = run.resolve("checkpoints/stage-001/model.zip").toString();
        Result dl4j = cli("verify", "--model", stage, "--bits", "4");
        assertEquals(0, dl4j.code(), dl4j.err());
    }

    @Test
    void aModelThatIsNotQuantizedFailsNamingTheTensorAndIndex() throws Exception {
        Path fp32 = Fixtures.writePretrained(Files.createDirectories(tmp.resolve("fp")));
        Result r = cli("verify", "--model", fp32.toString(), "--bits", "5");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("tensor 'conv1/W' weight ") && r.err().contains("not a power of two"), r.err());
        Result noBits = cli("verify", "--model", fp32.toString());
        assertEquals(2, noBits.code());
        assertTrue(noBits.err().contains("--bits"), noBits.err());
        Result both = cli("verify", "--model", fp32.toString(), "--run-dir", run.toString());
        assertEquals(2, both.code());
    }
}
