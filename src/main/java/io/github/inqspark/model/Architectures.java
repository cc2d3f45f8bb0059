package io.github.inqspark.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The small networks the tool pretrains itself, built without weights: a LeNet-5-style CNN and a
 * small ResNet-style CNN with batch normalization and identity shortcuts. The optimizer here is
 * only the pretraining default; INQ re-training sets its own per stage.
 */
public final class Architectures {

    private Architectures() {
    }

    /** conv 5x5x20, max-pool 2, conv 5x5x50, max-pool 2, dense 500 ReLU, dense softmax. */
    public static MultiLayerNetwork lenet(int height, int width, int channels, int classes, long seed) {
        return lenet(height, width, channels, classes, seed, new Nesterovs(0.01, 0.9), 5e-4);
    }

    /** The LeNet with another optimizer, e.g. plain SGD for equivalence tests. */
    public static MultiLayerNetwork lenet(int height, int width, int channels, int classes, long seed,
                                         IUpdater updater, double weightDecay) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .weightDecay(weightDecay)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(20).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(50).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("pool2").kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2").nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(height, width, channels))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The small ResNet at base width 16. */
    public static ComputationGraph smallResNet(int height, int width, int channels, int classes, int blocks, long seed) {
        return smallResNet(height, width, channels, classes, blocks, 16, seed);
    }

    /**
     * conv3x3(baseWidth)-BN-ReLU, then {@code blocks} residual blocks per width baseWidth and
     * 2 x baseWidth (each: conv-BN-ReLU-conv-BN, plus the shortcut, ReLU; a strided 1x1 projection
     * where the width changes), global average pooling, dense softmax.
     */
    public static ComputationGraph smallResNet(int height, int width, int channels, int classes, int blocks,
                                               int baseWidth, long seed) {
        if (blocks < 1 || baseWidth < 1) {
            throw new IllegalArgumentException("blocks and base width must be >= 1, found " + blocks + " and " + baseWidth);
        }
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.RELU)
                .updater(new Nesterovs(0.05, 0.9))
                .weightDecay(5e-4)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(height, width, channels));
        String in = convBn(g, "stem", "input", baseWidth, 1, true);
        int filters = baseWidth;
        for (int stage = 0; stage < 2; stage++) {
            for (int b = 0; b < blocks; b++) {
                String name = "s" + stage + "b" + b;
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String a = convBn(g, name + "a", in, filters, stride, true);
                String c = convBn(g, name + "b", a, filters, 1, false);
                String shortcut = in;
                if (stride != 1) {
                    g.addLayer(name + "proj", new ConvolutionLayer.Builder(1, 1).stride(stride, stride).nOut(filters)
                            .activation(Activation.IDENTITY).build(), in);
                    g.addLayer(name + "proj_bn", new BatchNormalization.Builder().build(), name + "proj");
                    shortcut = name + "proj_bn";
                }
                g.addVertex(name + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), c, shortcut);
                g.addLayer(name + "relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "add");
                in = name + "relu";
            }
            filters *= 2;
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), in);
        g.addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build(), "pool");
        g.setOutputs("fc");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static String convBn(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int filters, int stride, boolean relu) {
        g.addLayer(name + "_conv", new ConvolutionLayer.Builder(3, 3).stride(stride, stride).padding(1, 1)
                .nOut(filters).activation(Activation.IDENTITY).hasBias(false).build(), in);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().activation(relu ? Activation.RELU : Activation.IDENTITY)
                .build(), name + "_conv");
        return name + "_bn";
    }
}
