package io.github.inqspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.testutil.TestData;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real pre-trained Keras network (nsfwjs's MobileNetV2, converted to HDF5 by data-prep) through
 * DL4J's Keras import: which tensors INQ quantizes, and a save/load round trip.
 */
class KerasMobileNetV2Test {

    static Net net;

    @BeforeAll
    static void load() throws Exception {
        net = Net.read(Files.readAllBytes(TestData.mobileNetV2()), "mobilenet_v2.h5");
    }

    static INDArray images(int n, long seed) {
        // Keras's channels_last layout, kept by DL4J's import
        return Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(seed), n, 224, 224, 3);
    }

    @Test
    void depthwiseAndPointwiseKernelsAreQuantizedBatchNormIsNot() {
        NetworkTensors nt = net.tensors();
        Map<String, List<ParamInfo>> byType = nt.params().stream().collect(Collectors.groupingBy(ParamInfo::layerType));
        assertTrue(byType.get("DepthwiseConvolution2D").stream().filter(ParamInfo::quantizable).count() >= 17,
                "every depthwise kernel is quantizable");
        assertTrue(byType.get("BatchNormalization").stream().noneMatch(ParamInfo::quantizable));
        assertTrue(byType.get("ConvolutionLayer").stream().filter(p -> p.name().endsWith("/W")).allMatch(ParamInfo::quantizable));
        long quantized = nt.tensors().stream().mapToLong(QuantizableTensor::length).sum();
        // 2.6M parameters in all; batch norm and biases are the small rest.
        assertTrue(quantized > 0.95 * net.numParams() && quantized < net.numParams(),
                quantized + " of " + net.numParams());
    }

    @Test
    void saveLoadRoundTripGivesIdenticalOutputs() throws Exception {
        INDArray x = images(2, 7);
        INDArray before = net.output(x);
        assertEquals(5, before.size(1));
        for (int i = 0; i < 2; i++) {
            assertEquals(1.0, before.getRow(i).sumNumber().doubleValue(), 1e-4, "softmax rows");
        }
        Net again = Net.read(net.write(), "round trip");
        assertArrayEquals(before.ravel().toFloatVector(), again.output(x).ravel().toFloatVector(), 0f);
        assertArrayEquals(net.params().toFloatVector(), again.params().toFloatVector(), 0f);
    }
}
