package io.github.inqspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** A graph ending in a plain softmax (a Keras model saved without compile) becomes trainable. */
class OutputLayersTest {

    static ComputationGraph ending(Activation last) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(6))
                .addLayer("hidden", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("predictions", new DenseLayer.Builder().nOut(4).activation(last).build(), "hidden")
                .setOutputs("predictions").build());
        g.init();
        return g;
    }

    @Test
    void softmaxOutputGetsALossLayerAndKeepsItsOutputs() throws IOException {
        ComputationGraph g = ending(Activation.SOFTMAX);
        INDArray x = Nd4j.rand(3, 6);
        float[] before = g.outputSingle(x).ravel().toFloatVector();
        ComputationGraph fixed = OutputLayers.withLoss(g, "model.h5");
        assertArrayEquals(before, fixed.outputSingle(x).ravel().toFloatVector(), 0f);
        assertEquals("predictions_loss", fixed.getConfiguration().getNetworkOutputs().get(0));
        INDArray labels = Nd4j.zeros(3, 4);
        labels.putScalar(0, 1, 1);
        labels.putScalar(1, 2, 1);
        labels.putScalar(2, 0, 1);
        fixed.fit(new DataSet(x, labels)); // refused by DL4J before: no output layer
        assertTrue(fixed.score() > 0);
    }

    @Test
    void aGraphWithALossIsLeftAlone() throws IOException {
        ComputationGraph g = Architectures.smallResNet(8, 8, 1, 3, 1, 1);
        assertSame(g, OutputLayers.withLoss(g, "x"));
    }

    @Test
    void aNonSoftmaxOutputWithoutLossIsRefusedWithWhatToDo() {
        IOException e = assertThrows(IOException.class, () -> OutputLayers.withLoss(ending(Activation.TANH), "vgg.h5"));
        assertTrue(e.getMessage().contains("vgg.h5") && e.getMessage().contains("predictions")
                && e.getMessage().contains("compile"), e.getMessage());
    }
}
