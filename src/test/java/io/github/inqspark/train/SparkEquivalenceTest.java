package io.github.inqspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.testutil.TestData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * With plain SGD, averaging after every minibatch and equal shards, k workers fitting one
 * minibatch each and averaging take the same step as one JVM fitting their union: the Spark
 * trainer must match the local trainer within float tolerance (as DL4J's own test suite checks
 * for parameter averaging).
 */
class SparkEquivalenceTest {

    @Test
    void twoWorkersAveragingEveryStepMatchTheSingleJvmTrainer() throws Exception {
        int workers = 2;
        List<DataSet> batches = TestData.mnistTrain().slice(0, 32 * 16).batches(32);
        TrainSettings settings = new TrainSettings(1, 32, 0.05, 1, 3);
        Net spark = Net.of(Architectures.lenet(28, 28, 1, 10, 4, new Sgd(0.05), 0));
        Net local = Net.of(Architectures.lenet(28, 28, 1, 10, 4, new Sgd(0.05), 0));
        assertEquals(0, spark.params().sub(local.params()).amaxNumber().doubleValue());
        StageProjection none = LocalTrainerTest.projectionOf(spark, null);

        JavaSparkContext sc = SparkContexts.start(SparkContexts.conf("SparkEquivalenceTest", "local[2]")
                .set("spark.kryo.registrationRequired", "true"));
        try {
            new SparkTrainer(sc, workers, 1).trainStage(spark, none, batches, settings, 0, LocalTrainerTest.quiet(), (e, r) -> { });
        } finally {
            sc.stop();
        }

        // The single JVM fits the union of each round's minibatches, in the order Spark saw them.
        List<DataSet> sparkOrder = LocalTrainer.epochOrder(batches.size(), settings.seed(), 0).stream()
                .map(batches::get).toList();
        List<DataSet> merged = new ArrayList<>();
        for (int i = 0; i < sparkOrder.size(); i += workers) {
            merged.add(DataSet.merge(sparkOrder.subList(i, i + workers)));
        }
        List<Integer> shuffled = LocalTrainer.epochOrder(merged.size(), settings.seed(), 0);
        DataSet[] arranged = new DataSet[merged.size()]; // so that the local trainer's shuffle yields `merged`
        for (int i = 0; i < merged.size(); i++) {
            arranged[shuffled.get(i)] = merged.get(i);
        }
        new LocalTrainer().trainStage(local, none, List.of(arranged), settings.withBatchSize(64), 0,
                LocalTrainerTest.quiet(), (e, r) -> { });

        INDArray diff = spark.params().sub(local.params());
        double maxDiff = diff.amaxNumber().doubleValue();
        double moved = spark.params().sub(Net.of(Architectures.lenet(28, 28, 1, 10, 4, new Sgd(0.05), 0)).params())
                .amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, "training moved the weights by " + moved);
        System.out.println("equivalence: max |spark - local| = " + maxDiff + ", max move " + moved);
        assertTrue(maxDiff < 1e-5, "Spark and single-JVM weights differ by " + maxDiff + " (weights moved " + moved + ")");
    }
}
