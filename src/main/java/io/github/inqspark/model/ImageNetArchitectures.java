package io.github.inqspark.model;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The paper's ImageNet architectures at 224x224x3, built without weights (nothing is downloaded;
 * pre-trained weights come from files: DL4J zip or Keras HDF5):
 * <ul>
 *   <li>{@code vgg16}: DL4J zoo's VGG-16, a MultiLayerNetwork, 138,357,544 parameters at 1000 classes;</li>
 *   <li>{@code resnet50}: DL4J zoo's ResNet-50, a ComputationGraph, 25,636,712 (DL4J counts batch
 *       norm's running mean and variance as parameters);</li>
 *   <li>{@code alexnet}: DL4J zoo's AlexNet (one tower, no grouped convolutions);</li>
 *   <li>{@code resnet18}: built here (He et al. 2016, basic blocks, 1x1 projections where the shape
 *       changes), the paper's exploratory model: 11,689,512 trainable parameters as torchvision's;</li>
 *   <li>{@code googlenet}: built here, Inception v1 (Szegedy et al. 2015) without the auxiliary
 *       classifiers and local response normalisation, which inference never uses.</li>
 * </ul>
 */
public final class ImageNetArchitectures {

    /** The names {@link #named} knows. */
    public static final List<String> NAMES = List.of("vgg16", "resnet50", "alexnet", "resnet18", "googlenet");

    private ImageNetArchitectures() {
    }

    public static Net named(String name, int classes, long seed) {
        Nesterovs sgd = new Nesterovs(1e-3, 0.9);
        return switch (name) {
            case "vgg16" -> Net.of(VGG16.builder().numClasses(classes).seed(seed).updater(sgd)
                    .workspaceMode(WorkspaceMode.ENABLED).cacheMode(CacheMode.NONE).build().init());
            case "resnet50" -> Net.of(ResNet50.builder().numClasses(classes).seed(seed).updater(sgd)
                    .workspaceMode(WorkspaceMode.ENABLED).cacheMode(CacheMode.NONE).build().init());
            case "alexnet" -> Net.of(AlexNet.builder().numClasses(classes).seed(seed).updater(sgd)
                    .workspaceMode(WorkspaceMode.ENABLED).cacheMode(CacheMode.NONE).build().init());
            case "resnet18" -> Net.of(resnet18(classes, seed));
            case "googlenet" -> Net.of(googlenet(classes, seed));
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * Checks that {@code net} has the quantizable tensors of the named architecture (same count and
     * shapes in order; the classifier may have another number of classes), so a wrong model file
     * is refused before any training. The message names the first tensor that differs.
     */
    public static void checkShapes(Net net, String name, String source) {
        List<QuantizableTensor> have = net.tensors().tensors();
        List<QuantizableTensor> want = named(name, 1000, 1).tensors().tensors();
        if (have.size() != want.size()) {
            throw new IllegalArgumentException(source + " has " + have.size() + " quantizable tensors, " + name
                    + " has " + want.size() + ": not a " + name);
        }
        for (int i = 0; i < have.size() - 1; i++) {
            if (!Arrays.equals(have.get(i).shape(), want.get(i).shape())) {
                throw new IllegalArgumentException(source + ": tensor " + i + " '" + have.get(i).name() + "' has shape "
                        + Arrays.toString(have.get(i).shape()) + " where " + name + " has "
                        + Arrays.toString(want.get(i).shape()) + " ('" + want.get(i).name() + "')");
            }
        }
    }

    private static ComputationGraphConfiguration.GraphBuilder graph(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.RELU)
                .updater(new Nesterovs(1e-3, 0.9))
                .weightDecay(1e-4)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(224, 224, 3));
    }

    static ComputationGraph resnet18(int classes, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = graph(seed);
        String in = convBn(g, "conv1", "input", 7, 2, 64, true);
        g.addLayer("pool1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), in);
        in = "pool1";
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < widths.length; stage++) {
            for (int b = 0; b < 2; b++) {
                String name = "layer" + (stage + 1) + "." + b;
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String a = convBn(g, name + ".conv1", in, 3, stride, widths[stage], true);
                String c = convBn(g, name + ".conv2", a, 3, 1, widths[stage], false);
                String shortcut = stride == 1 ? in : convBn(g, name + ".downsample", in, 1, stride, widths[stage], false);
                g.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), c, shortcut);
                g.addLayer(name + ".relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + ".add");
                in = name + ".relu";
            }
        }
        g.addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), in);
        g.addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build(), "avgpool");
        g.setOutputs("fc");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** conv (no bias) then batch norm, with ReLU or not; returns the last vertex's name. */
    private static String convBn(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int k, int stride,
                                 int filters, boolean relu) {
        g.addLayer(name, new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(filters)
                .activation(Activation.IDENTITY).hasBias(false).build(), in);
        g.addLayer(name + ".bn", new BatchNormalization.Builder()
                .activation(relu ? Activation.RELU : Activation.IDENTITY).build(), name);
        return name + ".bn";
    }

    static ComputationGraph googlenet(int classes, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = graph(seed);
        String in = conv(g, "conv1", "input", 7, 2, 64);
        in = maxPool(g, "pool1", in);
        in = conv(g, "conv2_reduce", in, 1, 1, 64);
        in = conv(g, "conv2", in, 3, 1, 192);
        in = maxPool(g, "pool2", in);
        in = inception(g, "3a", in, 64, 96, 128, 16, 32, 32);
        in = inception(g, "3b", in, 128, 128, 192, 32, 96, 64);
        in = maxPool(g, "pool3", in);
        in = inception(g, "4a", in, 192, 96, 208, 16, 48, 64);
        in = inception(g, "4b", in, 160, 112, 224, 24, 64, 64);
        in = inception(g, "4c", in, 128, 128, 256, 24, 64, 64);
        in = inception(g, "4d", in, 112, 144, 288, 32, 64, 64);
        in = inception(g, "4e", in, 256, 160, 320, 32, 128, 128);
        in = maxPool(g, "pool4", in);
        in = inception(g, "5a", in, 256, 160, 320, 32, 128, 128);
        in = inception(g, "5b", in, 384, 192, 384, 48, 128, 128);
        g.addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), in);
        g.addLayer("dropout", new DropoutLayer.Builder(0.6).build(), "avgpool"); // DL4J: retain probability
        g.addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build(), "dropout");
        g.setOutputs("fc");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** Four branches (1x1; 1x1-3x3; 1x1-5x5; 3x3 max-pool-1x1), concatenated along channels. */
    private static String inception(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int c1,
                                    int r3, int c3, int r5, int c5, int pool) {
        String b1 = conv(g, name + "/1x1", in, 1, 1, c1);
        String b2 = conv(g, name + "/3x3", conv(g, name + "/3x3_reduce", in, 1, 1, r3), 3, 1, c3);
        String b3 = conv(g, name + "/5x5", conv(g, name + "/5x5_reduce", in, 1, 1, r5), 5, 1, c5);
        g.addLayer(name + "/pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(1, 1).build(), in);
        String b4 = conv(g, name + "/pool_proj", name + "/pool", 1, 1, pool);
        g.addVertex(name + "/output", new MergeVertex(), b1, b2, b3, b4);
        return name + "/output";
    }

    private static String conv(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int k, int stride,
                               int filters) {
        g.addLayer(name, new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(filters)
                .activation(Activation.RELU).build(), in);
        return name;
    }

    private static String maxPool(ComputationGraphConfiguration.GraphBuilder g, String name, String in) {
        g.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), in);
        return name;
    }
}
