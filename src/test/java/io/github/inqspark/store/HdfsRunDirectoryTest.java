package io.github.inqspark.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.pipeline.QuantizeSpec;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.TrainSettings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run directories on a real in-process HDFS (hadoop-client-minicluster). */
class HdfsRunDirectoryTest {

    static MiniDFSCluster cluster;
    static Configuration conf;
    static String hdfs;

    @BeforeAll
    static void start(@TempDir Path base) throws Exception {
        conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void commitsAreAtomicVerifiedAndNeverOverwritten() throws Exception {
        RunDirectory dir = RunDirectory.open(hdfs + "/runs/a", conf);
        dir.commit(1, -1, Map.of("x.bin", new byte[] {1, 2, 3}));
        dir.commit(1, 0, Map.of("x.bin", new byte[] {9}));
        assertEquals(List.of("stage-001-epoch-000", "stage-001"), dir.checkpointNames());
        assertArrayEquals(new byte[] {1, 2, 3}, dir.read("stage-001").file("x.bin"));
        assertThrows(java.io.IOException.class, () -> dir.commit(1, -1, Map.of("x.bin", new byte[] {4})));
        assertArrayEquals(new byte[] {1, 2, 3}, dir.read("stage-001").file("x.bin"));

        // an unpublished folder (no MANIFEST) is invisible; a tampered file is refused by name
        FileSystem fs = dir.fileSystem();
        fs.mkdirs(new org.apache.hadoop.fs.Path(dir.root(), "checkpoints/stage-002"));
        assertEquals(2, dir.checkpointNames().size());
        try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(dir.root(), "checkpoints/stage-001/x.bin"), true)) {
            o.write(new byte[] {1, 2, 4});
        }
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> dir.read("stage-001"));
        assertTrue(e.getMessage().contains("stage-001/x.bin"), e.getMessage());

        // a commit interrupted before its rename leaves a temporary folder: swept, nothing else touched
        fs.mkdirs(new org.apache.hadoop.fs.Path(dir.root(), "checkpoints/.tmp-stage-003-abc"));
        assertEquals(List.of(".tmp-stage-003-abc"), dir.sweepUnpublished());
        assertEquals(List.of("stage-001-epoch-000", "stage-001"), dir.checkpointNames());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(dir.root(), "checkpoints/stage-002")));
    }

    @Test
    void lockIsExclusiveOnHdfs() throws Exception {
        RunDirectory dir = RunDirectory.open(hdfs + "/runs/b", conf);
        try (RunLock first = RunLock.acquire(dir, 1000, 60_000)) {
            assertThrows(RunLockedException.class, () -> RunLock.acquire(dir, 1000, 60_000));
        }
        RunLock.acquire(dir, 1000, 60_000).close();
        // a holder on another host whose heartbeat stopped long ago is stale
        try (OutputStream o = dir.fileSystem().create(new org.apache.hadoop.fs.Path(dir.root(), "LOCK"), false)) {
            o.write("elsewhere 1 token".getBytes(StandardCharsets.UTF_8));
        }
        dir.fileSystem().setTimes(new org.apache.hadoop.fs.Path(dir.root(), "LOCK"), System.currentTimeMillis() - 600_000, -1);
        RunLock.acquire(dir, 1000, 60_000).close();
    }

    @Test
    void quantizeJobRunsWithItsRunDirectoryOnHdfs(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        QuantizeSpec spec = new QuantizeSpec(model.toUri().toString(), hdfs + "/runs/inq",
                new InqSettings(5, new Schedule(new double[] {0.5, 1}), "pruning", 3),
                new TrainSettings(1, 32, 0.005, 0.5, 1), 0);
        List<String> log = new ArrayList<>();
        QuantizeJob.Result r = new QuantizeJob(spec, conf, new LocalTrainer(),
                TestData.mnistTrain().slice(0, 640).batches(32), TestData.mnistTest().slice(0, 500).batches(500),
                log::add, false).run();
        assertEquals(QuantizeJob.Outcome.COMPLETED, r.outcome());
        RunDirectory dir = RunDirectory.open(hdfs + "/runs/inq", conf);
        assertEquals(List.of("stage-000", "stage-001", "stage-002"), dir.checkpointNames());
        assertTrue(dir.readAuxFile(QuantizeJob.METRICS_LOG).isPresent());
    }
}
