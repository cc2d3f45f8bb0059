package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare command over a real (short) run, a plain evaluation JSON, and runs it must refuse. */
class CompareCommandTest {

    @Test
    void tablesARunAndAnEvaluation(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        QuantizeJob.Result r = Fixtures.shortRun(model, run, 320);
        Files.writeString(tmp.resolve("fp32.json"), "{\"top1\": 0.9, \"top5\": 0.99}");

        Path out = tmp.resolve("cmp");
        assertEquals(0, Main.run("compare", "--run", "INQ=" + run.toUri(), "--run", "FP32=" + tmp.resolve("fp32.json"),
                "--out", out.toString()));
        String table = Files.readString(out.resolve("table.md"));
        double ref = r.metrics().get(0).top1();
        double fin = r.metrics().get(r.metrics().size() - 1).top1();
        assertTrue(table.contains(String.format(Locale.ROOT, "| INQ | 1 | %.2f | %.2f | ", 100 * ref, 100 * fin)), table);
        assertTrue(table.contains("| FP32 | 1 |  | 90.00 |"), table);
        assertTrue(Files.size(out.resolve("top1-per-stage.png")) > 1000);
    }

    @Test
    void refusesWhatIsNotAResult(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("other.json"), "{\"accuracy\": 0.9}");
        assertNotEquals(0, Main.run("compare", "--run", "x=" + tmp.resolve("other.json"), "--out", tmp.toString()));
        assertNotEquals(0, Main.run("compare", "--run", "no-label", "--out", tmp.toString()));
        assertNotEquals(0, Main.run("compare", "--run", "x=" + tmp.resolve("missing-run"), "--out", tmp.toString()));
    }
}
