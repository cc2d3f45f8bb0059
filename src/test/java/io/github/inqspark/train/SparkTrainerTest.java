package io.github.inqspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.testutil.TestData;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;

/** Masked SGD through dl4j-spark's parameter averaging, on local[3] with Kryo registration required. */
class SparkTrainerTest {

    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.start(SparkContexts.conf("SparkTrainerTest", "local[3]")
                .set("spark.kryo.registrationRequired", "true"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 3})
    void frozenWeightsStayBitExactWithAveraging(int workers) throws Exception {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 5));
        List<DataSet> batches = TestData.mnistTrain().slice(0, 32 * 24).batches(32);
        NetworkTensors nt = net.tensors();
        ModelQuantState state = ModelQuantState.initial(new InqSettings(5, Schedule.named("resnet18"), "random", 9),
                nt.names(), nt.shapes(), nt.readAll());
        for (int stage = 1; stage <= 2; stage++) {
            List<float[]> weights = nt.readAll();
            StageQuantizer.applyNextStage(state, weights);
            nt.writeAll(weights);
            List<float[]> before = nt.readAll();
            StageProjection projection = StageProjection.of(state, nt, net.numParams());
            new SparkTrainer(sc, workers, 2).trainStage(net, projection, batches, new TrainSettings(1, 32, 0.01, 1, 1),
                    0, LocalTrainerTest.quiet(), (e, r) -> { });
            LocalTrainerTest.assertFrozenExactAndFreeTrained(state, nt, before, workers + " workers, stage " + stage);
        }
    }

    @org.junit.jupiter.api.Test
    void distributedEvaluationMatchesTheDriversOwn() {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 5));
        for (DataSet b : TestData.mnistTrain().slice(0, 640).batches(32)) {
            net.fit(b);
        }
        List<DataSet> eval = TestData.mnistTest().slice(0, 1500).batches(250);
        Net.Metrics local = net.evaluate(eval);
        Net.Metrics spark = new SparkTrainer(sc, 3, 1).evaluate(net, eval);
        assertEquals(1500, spark.examples());
        assertEquals(local.top1(), spark.top1(), 1e-12);
        assertEquals(local.top5(), spark.top5(), 1e-12);
        assertEquals(local.loss(), spark.loss(), 1e-4 * local.loss());
        assertTrue(local.top1() > 0.5 && local.top5() > local.top1());
    }
}
