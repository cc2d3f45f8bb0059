package io.github.inqspark.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.data.BatchSource;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.testutil.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Executors' tasks that fail on their first attempt (here: building their minibatches throws, as a
 * flaky read of a shard would) are retried by Spark, and the stage still ends with every frozen
 * weight bit-exact and the free weights trained.
 */
class TaskRetryTest {

    static final AtomicInteger FAILURES = new AtomicInteger();

    /** Batches built on executors; the first attempt of every task fails. */
    static final class FlakyBatches implements BatchSource {
        private final ArrayList<DataSet> batches;

        FlakyBatches(List<DataSet> batches) {
            this.batches = new ArrayList<>(batches);
        }

        @Override
        public int batches() {
            return batches.size();
        }

        @Override
        public DataSet batch(int epoch, int index) {
            TaskContext t = TaskContext.get();
            if (t != null && t.attemptNumber() == 0) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure: first attempt of task " + t.taskAttemptId());
            }
            return batches.get(index);
        }

        @Override
        public int examplesIn(int index) {
            return batches.get(index).numExamples();
        }

        @Override
        public boolean readOnExecutors() {
            return true;
        }
    }

    @Test
    void firstAttemptsFailAndTheStageStillEndsExact() throws Exception {
        // local[2, 4]: two task slots, up to 4 attempts per task (local mode's default is 1: no retries)
        JavaSparkContext sc = SparkContexts.start(SparkContexts.conf("TaskRetryTest", "local[2,4]"));
        try {
            Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 5));
            NetworkTensors nt = net.tensors();
            ModelQuantState state = ModelQuantState.initial(new InqSettings(5, Schedule.named("resnet18"), "pruning", 3),
                    nt.names(), nt.shapes(), nt.readAll());
            List<float[]> weights = nt.readAll();
            StageQuantizer.applyNextStage(state, weights);
            nt.writeAll(weights);
            List<float[]> before = nt.readAll();
            FlakyBatches data = new FlakyBatches(TestData.mnistTrain().slice(0, 32 * 16).batches(32));
            new SparkTrainer(sc, 2, 4).trainStage(net, StageProjection.of(state, nt, net.numParams()), data,
                    new TrainSettings(1, 32, 0.01, 1, 1), 0, LocalTrainerTest.quiet(), (e, r) -> { });
            assertTrue(FAILURES.get() >= 2, "injected failures: " + FAILURES.get());
            LocalTrainerTest.assertFrozenExactAndFreeTrained(state, nt, before, "after retried tasks");
        } finally {
            sc.stop();
        }
    }
}
