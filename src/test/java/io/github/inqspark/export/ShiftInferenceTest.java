package io.github.inqspark.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.data.LabeledImages;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Shift-only inference against ND4J's float inference of the same 5-bit LeNet, over the whole MNIST
 * test set: predictions agree and the logits differ only by the fixed-point rounding.
 */
class ShiftInferenceTest {

    static Net quantized;

    @BeforeAll
    static void quantize() throws Exception {
        quantized = Net.read(Fixtures.pretrainedLenet(), "lenet");
        ModelQuantState state = Fixtures.quantizeAll(quantized, 5);
        assertTrue(state.isComplete());
    }

    /** The float logits: the output layer's input times W plus b, by ND4J. */
    static INDArray floatLogits(MultiLayerNetwork m, INDArray features) {
        List<INDArray> acts = m.feedForwardToLayer(m.getnLayers() - 2, features, false);
        INDArray last = acts.get(acts.size() - 1);
        var out = m.getLayer(m.getnLayers() - 1);
        return last.mmul(out.getParam("W")).addRowVector(out.getParam("b"));
    }

    @Test
    void agreesWithTheFloatNetworkOnTheWholeTestSet() {
        MultiLayerNetwork m = quantized.multiLayer();
        ShiftInference shift = ShiftInference.of(m, 1, 28, 28);
        LabeledImages test = TestData.mnistTest();
        int agree = 0;
        double worst = 0;
        int n = 0;
        long shiftNanos = 0;
        long floatNanos = 0;
        for (DataSet b : test.batches(500)) {
            long t0 = System.nanoTime();
            INDArray fl = floatLogits(m, b.getFeatures());
            floatNanos += System.nanoTime() - t0;
            float[] feats = b.getFeatures().dup('c').data().asFloat();
            int pixels = 28 * 28;
            for (int i = 0; i < b.numExamples(); i++) {
                float[] img = new float[pixels];
                System.arraycopy(feats, i * pixels, img, 0, pixels);
                long t1 = System.nanoTime();
                int[] q = shift.logits(img);
                shiftNanos += System.nanoTime() - t1;
                int argQ = 0;
                int argF = 0;
                for (int k = 0; k < q.length; k++) {
                    argQ = q[k] > q[argQ] ? k : argQ;
                    argF = fl.getFloat(i, k) > fl.getFloat(i, argF) ? k : argF;
                    worst = Math.max(worst, Math.abs(q[k] / 65536.0 - fl.getFloat(i, k)));
                }
                agree += argQ == argF ? 1 : 0;
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "shift-only vs float (ND4J) on %d MNIST test images: agreement %.2f%%, worst logit"
                        + " difference %.6f; time per image: shift-only %.3f ms (one thread, scalar Java), ND4J float %.3f ms"
                        + " (batches of 500)%n", n, 100.0 * agree / n, worst, shiftNanos / 1e6 / n, floatNanos / 1e6 / n);
        assertEquals(10_000, n);
        assertTrue(agree >= n - 5, "predictions agree on " + agree + " of " + n);
        assertTrue(worst < 1e-2, "worst logit difference " + worst);
    }

    @Test
    void aBlankImageGivesTheFloatLogitsToo() {
        // an all-zero input: the first convolution outputs its biases, and everything after follows
        int[] q = ShiftInference.of(quantized.multiLayer(), 1, 28, 28).logits(new float[28 * 28]);
        INDArray fl = floatLogits(quantized.multiLayer(), org.nd4j.linalg.factory.Nd4j.zeros(1, 1, 28, 28));
        for (int k = 0; k < 10; k++) {
            assertEquals(fl.getFloat(0, k), q[k] / 65536.0, 1e-3);
        }
    }

    @Test
    void refusesWeightsThatAreNotPowersOfTwo() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ShiftInference.of(Architectures.lenet(28, 28, 1, 10, 3), 1, 28, 28));
        assertTrue(e.getMessage().contains("conv1") && e.getMessage().contains("not 0 or a power of two"), e.getMessage());
        assertArrayEquals(new int[] {65536, -32768, 0}, new int[] {ShiftInference.toFixed(1f),
                ShiftInference.toFixed(-0.5f), ShiftInference.toFixed(0f)});
    }
}
