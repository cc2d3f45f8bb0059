package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.ParamInfo;
import io.github.inqspark.store.RunDirectory;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A ComputationGraph with batch normalization and shortcuts through the Spark path: every conv
 * and dense weight ends in P_l, and quantization itself never touches batch norm or biases (the
 * last stage, with no re-training, leaves them exactly as the stage before left them).
 */
class ResNetQuantizeTest {

    @Test
    void smallResNetOnSpark(@TempDir Path tmp) throws Exception {
        Net net = Net.of(Architectures.smallResNet(28, 28, 1, 10, 1, 3));
        for (DataSet b : TestData.mnistTrain().slice(0, 1600).batches(32)) {
            net.fit(b);
        }
        Path model = tmp.resolve("resnet.zip");
        Files.write(model, net.write());
        Path run = tmp.resolve("run");
        QuantizeSpec spec = new QuantizeSpec(model.toUri().toString(), run.toUri().toString(),
                new InqSettings(4, new Schedule(new double[] {0.6, 1}), "quantization-error", 5),
                new TrainSettings(1, 32, 0.01, 1, 1), 0);
        JavaSparkContext sc = SparkContexts.start(SparkContexts.conf("ResNetQuantizeTest", "local[2]")
                .set("spark.kryo.registrationRequired", "true"));
        QuantizeJob.Result r;
        try {
            r = new QuantizeJob(spec, new Configuration(), new SparkTrainer(sc, 2, 4),
                    TestData.mnistTrain().slice(2000, 2960).batches(32), TestData.mnistTest().slice(0, 500).batches(250),
                    new ArrayList<String>()::add, false).run();
        } finally {
            sc.stop();
        }
        assertEquals(QuantizeJob.Outcome.COMPLETED, r.outcome());
        QuantizeJob.verify(r.net(), r.state());
        assertTrue(r.state().tensors().size() >= 6, "conv, projection and dense weights are quantized");

        RunDirectory dir = RunDirectory.open(run.toUri().toString(), new Configuration());
        Net stage1 = Net.read(dir.read("stage-001").file("model.zip"), "stage-001");
        Net stage2 = Net.read(dir.read("stage-002").file("model.zip"), "stage-002");
        int checked = 0;
        for (ParamInfo p : stage2.tensors().params()) {
            if (!p.quantizable()) {
                String[] lp = p.name().split("/");
                assertArrayEquals(stage1.graph().getLayer(lp[0]).getParam(lp[1]).toFloatVector(),
                        stage2.graph().getLayer(lp[0]).getParam(lp[1]).toFloatVector(), p.name() + " changed by quantization");
                checked++;
            }
        }
        assertTrue(checked > 10, "batch-norm parameters were compared: " + checked);
        List<ParamInfo> bn = stage2.tensors().params().stream().filter(p -> p.layerType().equals("BatchNormalization")).toList();
        assertTrue(!bn.isEmpty() && bn.stream().noneMatch(ParamInfo::quantizable));
    }
}
