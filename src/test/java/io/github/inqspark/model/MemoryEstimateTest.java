package io.github.inqspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Estimates from the configuration, and the driver-heap check against the VGG-16 case measured here. */
class MemoryEstimateTest {

    @Test
    void lenetEstimateCountsParametersUpdaterAndActivations() {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1)); // Nesterov: one momentum value per parameter
        MemoryEstimate e = MemoryEstimate.of(net, new long[] {64, 1, 28, 28}, 64);
        assertEquals(4L * net.numParams(), e.paramBytes());
        assertEquals(4L * net.numParams(), e.updaterBytes());
        assertTrue(e.trainingBytes() > e.paramBytes(), "activations come on top: " + e.trainingBytes());
        MemoryEstimate big = MemoryEstimate.of(net, new long[] {512, 1, 28, 28}, 512);
        assertTrue(big.trainingBytes() > e.trainingBytes(), "grows with the batch");
        assertTrue(e.describe(2, true).contains("parameters 1.6 MiB"), e.describe(2, true));
    }

    @Test
    void plainSgdHasNoUpdaterState() {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1, new org.nd4j.linalg.learning.config.Sgd(0.1), 0));
        assertEquals(0, MemoryEstimate.of(net, new long[] {8, 1, 28, 28}, 8).updaterBytes());
    }

    @Test
    void vgg16ResultsAgainstTheDriverHeapAsMeasured() {
        // VGG-16's sizes without building it: 138,357,544 parameters, Nesterov state of the same size
        MemoryEstimate vgg = new MemoryEstimate(4L * 138_357_544, 4L * 138_357_544, -1, 2);
        long gib = 1L << 30;
        // measured: updater carried, 2 workers: out of memory with 8 GiB, fine with 12 GiB
        var e = assertThrows(IllegalArgumentException.class, () -> vgg.checkDriverHeap(2, true, 8 * gib));
        assertTrue(e.getMessage().contains("save-updater = false") && e.getMessage().contains("8,192.0 MiB"), e.getMessage());
        vgg.checkDriverHeap(2, true, 12 * gib);
        // measured: without updater state 8 GiB was enough
        vgg.checkDriverHeap(2, false, 8 * gib);
    }
}
