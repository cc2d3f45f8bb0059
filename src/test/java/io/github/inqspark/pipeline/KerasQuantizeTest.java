package io.github.inqspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.model.ParamInfo;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.TrainSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * INQ straight from a real Keras HDF5 file (MobileNetV2: depthwise convolutions, batch norm, ReLU6):
 * the quantize job imports it, re-trains with a few minibatches of the right shape, and leaves every
 * depthwise, pointwise and dense weight in its P_l while the network still runs.
 */
class KerasQuantizeTest {

    @Test
    void mobileNetV2FromKerasEndsInPl(@TempDir Path tmp) throws Exception {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            INDArray labels = Nd4j.zeros(2, 5);
            labels.putScalar(0, b % 5, 1);
            labels.putScalar(1, (b + 2) % 5, 1);
            batches.add(new DataSet(Nd4j.rand(rng, 2, 224, 224, 3), labels)); // channels_last, as Keras
        }
        QuantizeSpec spec = new QuantizeSpec(TestData.mobileNetV2().toUri().toString(), tmp.resolve("run").toUri().toString(),
                new InqSettings(5, new Schedule(new double[] {0.5, 1}), "pruning", 1),
                new TrainSettings(1, 2, 1e-4, 1, 1), 0);
        QuantizeJob.Result r = new QuantizeJob(spec, new Configuration(), new LocalTrainer(), batches,
                batches.subList(0, 1), new ArrayList<String>()::add, false).run();

        assertEquals(QuantizeJob.Outcome.COMPLETED, r.outcome());
        QuantizeJob.verify(r.net(), r.state());
        List<String> types = r.net().tensors().tensors().stream().map(t -> t.layerType()).distinct().sorted().toList();
        assertTrue(types.contains("DepthwiseConvolution2D") && types.contains("ConvolutionLayer"), types.toString());
        assertTrue(r.net().tensors().params().stream().filter(p -> p.layerType().equals("BatchNormalization"))
                .noneMatch(ParamInfo::quantizable));
        INDArray out = r.net().output(batches.get(0).getFeatures());
        assertEquals(5, out.size(1));
        for (float v : out.ravel().toFloatVector()) {
            assertTrue(Float.isFinite(v), "the quantized network still computes finite outputs");
        }
    }
}
