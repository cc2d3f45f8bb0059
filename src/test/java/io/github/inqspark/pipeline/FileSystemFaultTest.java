package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.store.RunDirectory;
import io.github.inqspark.testutil.FaultyFileSystem;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.TrainSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The file system fails while a run commits (a create or a rename throws, at chosen moments): the
 * job stops with an error that says what failed, every checkpoint that is visible reads back
 * intact, and running the same job again completes the run.
 */
class FileSystemFaultTest {

    @TempDir
    Path tmp;

    @AfterEach
    void disarm() {
        FaultyFileSystem.disarm();
    }

    QuantizeJob job(Configuration conf, String run) throws Exception {
        String model = Fixtures.writePretrained(tmp).toUri().toString();
        QuantizeSpec spec = new QuantizeSpec(model, run, new InqSettings(5, new Schedule(new double[] {0.5, 1}), "pruning", 1),
                new TrainSettings(2, 32, 0.005, 0.5, 1), 0);
        return new QuantizeJob(spec, conf, new LocalTrainer(), TestData.mnistTrain().slice(0, 320).batches(32),
                TestData.mnistTest().slice(0, 200).batches(200), new ArrayList<String>()::add, false);
    }

    @ParameterizedTest(name = "{0} number {1} fails")
    @CsvSource({"create, 4", "create, 9", "create, 14", "write, 3", "write, 11", "rename, 2", "rename, 4", "rename, 7"})
    void aFailedCommitIsNeverHalfVisibleAndTheRunCompletesOnRetry(String op, int nth) throws Exception {
        Configuration conf = FaultyFileSystem.configuration();
        String run = FaultyFileSystem.SCHEME + "://" + tmp.resolve("run");
        FaultyFileSystem.arm(op, nth);
        Exception e = assertThrows(Exception.class, () -> job(conf, run).run());
        String messages = e + " / " + e.getCause();
        assertTrue(messages.contains("injected fault: " + op), messages);

        // whatever is published reads back intact (checksums and all)
        RunDirectory dir = RunDirectory.open(run, conf);
        List<String> visible = dir.checkpointNames();
        for (String name : visible) {
            dir.read(name);
        }
        FaultyFileSystem.disarm();
        QuantizeJob.Result r = job(conf, run).run();
        assertEquals(QuantizeJob.Outcome.COMPLETED, r.outcome());
        QuantizeJob.verify(r.net(), r.state());
        assertTrue(dir.checkpointNames().containsAll(visible), "no published checkpoint was lost");
    }

    @org.junit.jupiter.api.Test
    void aFailedDeleteWhileSweepingAnInterruptedCommitIsReportedAndRetried() throws Exception {
        Configuration conf = FaultyFileSystem.configuration();
        String run = FaultyFileSystem.SCHEME + "://" + tmp.resolve("run");
        FaultyFileSystem.arm("rename", 3); // a commit interrupted between writing and publishing
        assertThrows(Exception.class, () -> job(conf, run).run());
        FaultyFileSystem.arm("delete", 1); // the resume's sweep of its temporary folder fails
        Exception e = assertThrows(Exception.class, () -> job(conf, run).run());
        assertTrue((e + " / " + e.getCause()).contains("injected fault: delete"), e.toString());
        FaultyFileSystem.disarm();
        QuantizeJob.Result r = job(conf, run).run();
        QuantizeJob.verify(r.net(), r.state());
    }
}
