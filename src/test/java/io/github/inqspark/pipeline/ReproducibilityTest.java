package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.StageTrainer;
import io.github.inqspark.train.TrainSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * With a fixed seed, two runs give bit-identical final weights: in one JVM, and on Spark local[2]
 * with two workers (the average of two results is the same in either arrival order, since float
 * addition is commutative; with three or more workers the order of the sums could differ by an ulp,
 * which the driver's re-projection removes from frozen weights but not from free ones).
 */
class ReproducibilityTest {

    @TempDir
    Path tmp;

    float[] finalWeights(String name, StageTrainer trainer) throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        QuantizeSpec spec = new QuantizeSpec(model.toUri().toString(), tmp.resolve(name).toUri().toString(),
                new InqSettings(4, new Schedule(new double[] {0.5, 1}), "random", 7), new TrainSettings(1, 32, 0.005, 0.5, 3), 0);
        List<DataSet> train = TestData.mnistTrain().slice(10000, 10960).batches(32);
        List<DataSet> eval = TestData.mnistTest().slice(0, 500).batches(250);
        return new QuantizeJob(spec, new Configuration(), trainer, train, eval, new ArrayList<String>()::add, false)
                .run().net().params().data().asFloat();
    }

    @Test
    void twoLocalRunsAreBitIdentical() throws Exception {
        assertArrayEquals(finalWeights("a", new LocalTrainer()), finalWeights("b", new LocalTrainer()));
    }

    @Test
    void twoSparkRunsWithTwoWorkersAreBitIdentical() throws Exception {
        JavaSparkContext sc = SparkContexts.start(SparkContexts.conf("ReproducibilityTest", "local[2]"));
        try {
            float[] a = finalWeights("c", new SparkTrainer(sc, 2, 5));
            float[] b = finalWeights("d", new SparkTrainer(sc, 2, 5));
            int differ = 0;
            for (int i = 0; i < a.length; i++) {
                differ += Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i]) ? 1 : 0;
            }
            assertEquals(0, differ, differ + " of " + a.length + " parameters differ between two Spark runs");
        } finally {
            sc.stop();
        }
    }
}
