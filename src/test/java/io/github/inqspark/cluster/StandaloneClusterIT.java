package io.github.inqspark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.store.RunDirectory;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way users run it: a real Spark standalone cluster on 127.0.0.1 (one master, two workers,
 * started by jobs/standalone-cluster.sh from Maven jars), the MNIST quantize job submitted through
 * jobs/quantize.sh with the shaded jar and two executors. In the middle of stage 2 one executor JVM
 * is killed (SIGKILL); Spark re-runs its tasks on a new executor and the job completes with every
 * quantizable weight in P_l. Runs in `mvn verify -Pspark-submit` (after the shaded jar is built).
 */
class StandaloneClusterIT {

    @TempDir
    static Path tmp;
    static Path state;
    static int port;

    @BeforeAll
    static void startCluster() throws Exception {
        state = tmp.resolve("cluster");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String out = run(List.of("jobs/standalone-cluster.sh", "start"), 600);
        assertTrue(out.contains("spark://127.0.0.1:" + port), out);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        run(List.of("jobs/standalone-cluster.sh", "stop"), 120);
        assertTrue(executors().isEmpty(), "the cluster's executors are gone after stop");
    }

    static ProcessBuilder env(ProcessBuilder pb) {
        pb.environment().put("INQ_CLUSTER_DIR", state.toString());
        pb.environment().put("MASTER_PORT", Integer.toString(port));
        pb.environment().put("WORKER_CORES", "1");
        pb.environment().put("WORKER_MEMORY", "3g");
        return pb;
    }

    static String run(List<String> cmd, int seconds) throws Exception {
        Path log = Files.createTempFile(tmp, "cmd", ".log");
        Process p = env(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), cmd + " did not finish: " + Files.readString(log));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), cmd + ":\n" + out);
        return out;
    }

    /** PIDs of executor JVMs whose working directory is inside this test's cluster. */
    static List<Long> executors() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
            String cmd = h.info().commandLine().orElse("");
            if (cmd.contains("CoarseGrainedExecutorBackend")) {
                Path cwd = Path.of("/proc", Long.toString(h.pid()), "cwd");
                try {
                    if (Files.readSymbolicLink(cwd).startsWith(state)) {
                        pids.add(h.pid());
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return pids;
    }

    @Test
    void quantizeSurvivesAKilledExecutor() throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        Path log = tmp.resolve("quantize.log");
        List<String> cmd = List.of("jobs/quantize.sh", "--master", "spark://127.0.0.1:" + port,
                "--total-executor-cores", "2", "--executor-memory", "2g", "--",
                "--conf", "conf/mnist-lenet-5bit.conf",
                "--set", "inq.model=" + model.toUri(), "--set", "inq.run-dir=" + run.toUri(),
                "--set", "inq.data.dir=" + new File(TestData.mnistDir()).toURI(),
                "--set", "inq.data.train-examples=12000", "--set", "inq.data.eval-examples=2000",
                "--set", "inq.train.epochs-per-stage=2", "--set", "inq.spark.workers=2");
        Process p = env(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        // Wait until stage 2 is training on both executors, then kill one of them.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        Optional<Long> victim = Optional.empty();
        List<Long> before = List.of();
        while (System.nanoTime() < deadline && p.isAlive()) {
            String out = Files.readString(log);
            before = executors();
            if (out.contains("stage 2/4 epoch 1/2") && before.size() == 2) {
                victim = Optional.of(before.get(0));
                ProcessHandle h = ProcessHandle.of(victim.get()).orElseThrow();
                h.destroyForcibly(); // SIGKILL
                h.onExit().get(30, TimeUnit.SECONDS);
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(victim.isPresent(), "stage 2 never ran on two executors:\n" + Files.readString(log));
        // The standalone master has the worker start a new executor in its place.
        boolean replaced = false;
        while (p.isAlive() && !replaced) {
            for (long pid : executors()) {
                replaced |= !before.contains(pid);
            }
            Thread.sleep(200);
        }
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "the job did not finish:\n" + Files.readString(log));
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Verified: every quantizable weight of 4 tensors lies in its P_l."), out);
        assertTrue(out.contains("inq: run complete"), out);

        // The committed result, read back independently of the job.
        var c = QuantizeJob.latestStage(RunDirectory.open(run.toUri().toString(), new Configuration()));
        assertTrue(c.state().isComplete());
        QuantizeJob.verify(c.net(), c.state());
        // (the Maven-made SPARK_HOME has no SLF4J binding, so Spark's own "Lost executor" is not logged)
        assertTrue(replaced, "no executor was started in place of the killed one");
        System.out.println("killed executor " + victim.get() + "; the job completed and verified");
    }
}
