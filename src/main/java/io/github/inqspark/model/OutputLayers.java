package io.github.inqspark.model;

import java.io.IOException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Re-training needs an output layer with a loss. A Keras model saved without its training
 * configuration (keras.applications' VGG16() or ResNet50() saved before compile) ends in a plain
 * softmax layer; such a graph gets a cross-entropy loss layer appended, which changes no output.
 * Any other output without a loss is refused with what to do.
 */
final class OutputLayers {

    private OutputLayers() {
    }

    static ComputationGraph withLoss(ComputationGraph g, String source) throws IOException {
        ComputationGraphConfiguration conf = g.getConfiguration();
        if (conf.getNetworkOutputs().size() != 1) {
            return g; // several heads: leave them as imported
        }
        String out = conf.getNetworkOutputs().get(0);
        GraphVertex v = conf.getVertices().get(out);
        if (!(v instanceof LayerVertex lv)) {
            return g;
        }
        var layer = lv.getLayerConf().getLayer();
        if (layer instanceof BaseOutputLayer || layer instanceof LossLayer) {
            return g;
        }
        if (!(layer instanceof BaseLayer b) || !(b.getActivationFn() instanceof ActivationSoftmax)) {
            throw new IOException(source + ": the output '" + out + "' has no loss and is not a softmax, so INQ cannot"
                    + " re-train it; save the Keras model after model.compile(loss=...) so its training config is kept");
        }
        ComputationGraphConfiguration.GraphBuilder builder =
                new ComputationGraphConfiguration.GraphBuilder(conf.clone(), new NeuralNetConfiguration.Builder());
        String loss = out + "_loss";
        builder.addLayer(loss, new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.IDENTITY).build(), out);
        builder.setOutputs(loss);
        ComputationGraph withLoss = new ComputationGraph(builder.build());
        withLoss.init();
        for (Layer l : g.getLayers()) { // by name: parameter order need not survive the rebuild
            String name = l.conf().getLayer().getLayerName();
            if (l.numParams() > 0) {
                withLoss.getLayer(name).setParams(l.params().dup());
            }
        }
        return withLoss;
    }
}
