package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.cli.Main;
import io.github.inqspark.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run killed again and again (SIGKILL of its JVM): at the named moments (after partitioning,
 * after the broadcast, after an averaging round, between writing a commit and publishing it, right
 * after publishing) and at ten random moments after start-up, drawn with a recorded seed. Each time the same
 * command resumes. At the end the run completes and verifies, and every file of every checkpoint
 * that was committed before any kill is byte-identical (the checksum log is printed).
 */
class KillPointsTest {

    static final long SEED = 20261204L;

    @Test
    void killedAtFifteenPointsEveryCommittedCheckpointSurvives(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        Path conf = KillAndResumeTest.jobConf(tmp, model, run, 2560, 500);
        List<String> points = new ArrayList<>(List.of("partitioned#1", "broadcast#1", "averaged#3", "commit-written#2",
                "commit-published#2"));
        Random rnd = new Random(SEED);
        for (int i = 0; i < 10; i++) {
            points.add("random " + rnd.nextInt(8000) + " ms");
        }
        System.out.println("kill points (seed " + SEED + "): " + points);

        Map<String, String> committed = new TreeMap<>();
        int landed = 0;
        for (String point : points) {
            List<String> cmd = KillAndResumeTest.childCommand("quantize", "--conf", conf.toString());
            if (!point.startsWith("random")) {
                cmd.add(1, "-Dinq.failpoint=" + point);
            }
            Path log = tmp.resolve("child.log");
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            if (point.startsWith("random")) {
                // a random moment after start-up (the JVM, Spark and the checkpoint read take seconds)
                while (child.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("Resuming")) {
                    Thread.sleep(20);
                }
                child.waitFor(Long.parseLong(point.split(" ")[1]), TimeUnit.MILLISECONDS);
            } else {
                String marker = "inq failpoint reached: " + point.split("#")[0];
                while (child.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains(marker)) {
                    Thread.sleep(50);
                }
                assertTrue(Files.readString(log).contains(marker), point + " was never reached:\n" + Files.readString(log));
            }
            boolean alive = child.isAlive();
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
            landed += alive ? 1 : 0;
            Map<String, String> now = KillAndResumeTest.committedFiles(run);
            for (var e : committed.entrySet()) {
                assertEquals(e.getValue(), now.get(e.getKey()), "after the kill at " + point + ": " + e.getKey() + " changed");
            }
            committed.putAll(now);
            System.out.printf("killed at %-22s %s; %d checkpoint files committed so far%n", point,
                    alive ? "(running)" : "(had already exited)", committed.size());
        }
        assertTrue(landed >= 12, "only " + landed + " kills hit a running job");

        assertEquals(0, Main.run("quantize", "--conf", conf.toString()));
        Map<String, String> last = KillAndResumeTest.committedFiles(run);
        for (var e : committed.entrySet()) {
            assertEquals(e.getValue(), last.get(e.getKey()), e.getKey() + " changed after the final resume");
        }
        System.out.println("checksum log of every file committed before a kill:");
        committed.forEach((k, v) -> System.out.println("  " + v + "  " + k));
        assertTrue(last.containsKey("stage-004/model.zip"));
        assertEquals(0, Main.run("verify", "--run-dir", run.toUri().toString()));
    }
}
