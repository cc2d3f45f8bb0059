package io.github.inqspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The architectures built here have the published sizes (counted by hand from the papers' layer
 * tables: see the numbers below), run a 224x224 forward pass, and expose the right tensors to INQ.
 */
class ImageNetArchitecturesTest {

    /**
     * Parameters as PyTorch counts them: DL4J also counts batch norm's running mean and its running
     * variance (stored as log10 of the standard deviation).
     */
    static long trainable(Net net) {
        long bnStats = net.tensors().params().stream()
                .filter(p -> p.layerType().equals("BatchNormalization") && !p.name().endsWith("/gamma") && !p.name().endsWith("/beta"))
                .mapToLong(ParamInfo::length).sum();
        return net.numParams() - bnStats;
    }

    @Test
    void resnet18HasTorchvisionsParameterCount() {
        Net net = ImageNetArchitectures.named("resnet18", 1000, 1);
        assertEquals(11_689_512L, trainable(net)); // torchvision.models.resnet18
        // 20 convolutions (17 3x3/7x7 + 3 projections) and the classifier are quantized; no BN
        assertEquals(21, net.tensors().tensors().size());
    }

    @Test
    void googlenetHasInceptionV1sParameterCount() {
        Net net = ImageNetArchitectures.named("googlenet", 1000, 1);
        // 3 stem convolutions + 9 inception modules x 6 convolutions + the classifier, with biases
        assertEquals(6_998_552L, net.numParams());
        assertEquals(3 + 9 * 6 + 1, net.tensors().tensors().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "googlenet", "alexnet"})
    void forwardPassAt224(String name) {
        Net net = ImageNetArchitectures.named(name, 1000, 1);
        float[] out = net.output(Nd4j.rand(1, 3, 224, 224)).ravel().toFloatVector();
        assertEquals(1000, out.length);
        double sum = 0;
        for (float v : out) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-3, "softmax output");
        assertTrue(net.tensors().params().stream().filter(ParamInfo::quantizable)
                .allMatch(p -> p.name().endsWith("/W")), "only weights are quantized");
    }

    @Test
    void unknownNameIsRefusedWithTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> ImageNetArchitectures.named("vgg11", 10, 1));
        assertTrue(e.getMessage().contains("googlenet") && e.getMessage().contains("vgg11"));
    }
}
