package io.github.inqspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class NetworkTensorsTest {

    @Test
    void lenetQuantizesConvAndDenseWeightsOnly() {
        MultiLayerNetwork net = Architectures.lenet(28, 28, 1, 10, 1);
        NetworkTensors nt = NetworkTensors.of(net);
        assertEquals(List.of("conv1/W", "conv2/W", "fc1/W", "fc2/W"),
                nt.tensors().stream().map(QuantizableTensor::name).collect(Collectors.toList()));
        assertEquals(List.of(500, 25_000, 400_000, 5_000),
                nt.tensors().stream().map(QuantizableTensor::length).collect(Collectors.toList()));
        assertTrue(nt.params().stream().filter(p -> p.name().endsWith("/b")).noneMatch(ParamInfo::quantizable));
        assertSegmentsAreTheParamViews(net.params(), nt, n -> net.getLayer(n.split("/")[0]).getParam(n.split("/")[1]));
    }

    @Test
    void resnetLeavesBatchNormFullPrecision() {
        ComputationGraph net = Architectures.smallResNet(28, 28, 1, 10, 1, 1);
        NetworkTensors nt = NetworkTensors.of(net);
        assertFalse(nt.tensors().isEmpty());
        assertTrue(nt.tensors().stream().noneMatch(t -> t.layerType().equals("BatchNormalization")));
        assertTrue(nt.params().stream().filter(p -> p.layerType().equals("BatchNormalization"))
                .allMatch(p -> !p.quantizable() && p.reason().contains("batch normalization")));
        assertTrue(nt.tensors().stream().anyMatch(t -> t.name().equals("s1b0proj/W")));
        assertSegmentsAreTheParamViews(net.params(), nt, n -> net.getLayer(n.split("/")[0]).getParam(n.split("/")[1]));
    }

    /** Writing through a tensor changes exactly its param view, nothing else. */
    static void assertSegmentsAreTheParamViews(INDArray flat, NetworkTensors nt, java.util.function.Function<String, INDArray> views) {
        for (QuantizableTensor t : nt.tensors()) {
            INDArray before = flat.dup();
            float[] marker = new float[t.length()];
            for (int i = 0; i < marker.length; i++) {
                marker[i] = 1000 + i;
            }
            nt.write(t, marker);
            INDArray view = views.apply(t.name());
            assertEquals(t.length(), view.length());
            assertEquals(view.sumNumber().doubleValue(), sum(marker), 1e-3 * sum(marker), t.name());
            INDArray diff = flat.sub(before);
            assertEquals(t.length(), diff.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().intValue(), t.name());
            float[] back = nt.read(t);
            assertEquals(marker[marker.length - 1], back[back.length - 1]);
            flat.assign(before);
        }
    }

    static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }
}
