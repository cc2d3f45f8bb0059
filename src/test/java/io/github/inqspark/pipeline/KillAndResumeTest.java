package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.cli.Main;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quantize job in its own JVM is killed with SIGKILL in the middle of a stage; the same command
 * resumes it from the last checkpoint and completes, and no checkpoint committed before the kill
 * changes by a byte.
 */
class KillAndResumeTest {

    @Test
    void killedMidStageResumesAndCompletes(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        Path conf = jobConf(tmp, model, run, 1280, 1000);

        Process child = new ProcessBuilder(childCommand("quantize", "--conf", conf.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path trigger = run.resolve("checkpoints/stage-002-epoch-000/MANIFEST");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.exists(trigger) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(trigger), "the child never reached stage 2, epoch 1:\n" + Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, the lock stays behind
        child.waitFor();
        assertTrue(Files.exists(run.resolve("LOCK")), "a killed run leaves its lock");
        Map<String, String> committed = committedFiles(run);
        assertTrue(committed.keySet().stream().anyMatch(k -> k.startsWith("stage-002-epoch-000/")));

        assertEquals(0, Main.run("quantize", "--conf", conf.toString()));

        Map<String, String> after = committedFiles(run);
        for (Map.Entry<String, String> e : committed.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " changed after the resume");
        }
        assertTrue(after.containsKey("stage-004/model.zip"));
        assertEquals(0, Main.run("verify", "--run-dir", run.toUri().toString()));
    }

    /** A 4-stage, 3-epochs-per-stage MNIST job on Spark local[2], for killing in a child JVM. */
    static Path jobConf(Path tmp, Path model, Path run, int trainExamples, int evalExamples) throws Exception {
        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, String.join("\n",
                "inq.model = \"" + model.toUri() + "\"",
                "inq.run-dir = \"" + run.toUri() + "\"",
                "inq.data.dir = \"file://" + TestData.mnistDir() + "\"",
                "inq.data.train-examples = " + trainExamples,
                "inq.data.eval-examples = " + evalExamples,
                "inq.quantization.schedule = resnet18",
                "inq.train.epochs-per-stage = 3",
                "inq.train.batch-size = 32",
                "inq.spark.master = \"local[2]\"",
                "inq.spark.averaging-frequency = 5"));
        return conf;
    }

    /** Every file of every published checkpoint, with its hash. */
    static Map<String, String> committedFiles(Path run) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : Fixtures.hashTree(run.resolve("checkpoints")).entrySet()) {
            String dir = e.getKey().split("/")[0];
            if (!dir.startsWith(".") && Files.exists(run.resolve("checkpoints").resolve(dir).resolve("MANIFEST"))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** java with this JVM's --add-opens flags and the project's classes and dependencies. */
    static List<String> childCommand(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx2g");
        cmd.add("-cp");
        cmd.add("target/classes" + File.pathSeparator + Files.readString(Path.of("target/classpath.txt")).trim());
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
