package io.github.inqspark.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Decides, in one place, which parameters of a DL4J network INQ quantizes, and reads and writes
 * them as float arrays. Quantizable: the weights (not biases) of convolution layers (including
 * depthwise and separable ones), dense layers and output layers. Not quantizable: biases, batch
 * normalization's gamma, beta, mean and variance, and every other layer's parameters, which stay
 * full precision (inq-spec.md, Notation).
 */
public final class NetworkTensors {

    private final INDArray flat;
    private final List<ParamInfo> params;
    private final List<QuantizableTensor> tensors;

    private NetworkTensors(INDArray flat, List<ParamInfo> params, List<QuantizableTensor> tensors) {
        this.flat = flat;
        this.params = params;
        this.tensors = tensors;
    }

    public static NetworkTensors of(MultiLayerNetwork net) {
        return of(net.params(), net.getLayers());
    }

    public static NetworkTensors of(ComputationGraph net) {
        return of(net.params(), net.getLayers());
    }

    /** The network behind a model: MultiLayerNetwork or ComputationGraph. */
    public static NetworkTensors of(org.deeplearning4j.nn.api.Model model) {
        if (model instanceof MultiLayerNetwork m) {
            return of(m);
        }
        if (model instanceof ComputationGraph g) {
            return of(g);
        }
        throw new IllegalArgumentException("unsupported model type " + model.getClass().getName()
                + ": expected a MultiLayerNetwork or a ComputationGraph");
    }

    private static NetworkTensors of(INDArray flat, Layer[] layers) {
        List<ParamInfo> params = new ArrayList<>();
        List<QuantizableTensor> tensors = new ArrayList<>();
        for (Layer layer : layers) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String layerName = conf.getLayerName() != null ? conf.getLayerName() : "layer" + layer.getIndex();
            String type = conf.getClass().getSimpleName();
            for (var e : layer.paramTable().entrySet()) {
                String key = e.getKey();
                INDArray view = e.getValue();
                String name = layerName + "/" + key;
                String reason = whyNotQuantizable(conf, key);
                params.add(new ParamInfo(name, type, view.shape(), view.length(), reason == null,
                        reason == null ? "" : reason));
                if (reason == null) {
                    long offset = offsetIn(flat, view, name);
                    tensors.add(new QuantizableTensor(name, offset, Math.toIntExact(view.length()), view.shape(), type));
                }
            }
        }
        return new NetworkTensors(flat, List.copyOf(params), List.copyOf(tensors));
    }

    /** Null if the parameter is quantizable, else the reason it is not. */
    static String whyNotQuantizable(org.deeplearning4j.nn.conf.layers.Layer conf, String key) {
        if (conf instanceof BatchNormalization) {
            return "batch normalization stays full precision";
        }
        boolean weightLayer = conf instanceof ConvolutionLayer || conf instanceof DenseLayer
                || conf instanceof BaseOutputLayer;
        if (!weightLayer) {
            return "not a convolution or fully connected layer";
        }
        if (!conf.initializer().isWeightParam(conf, key)) {
            return conf.initializer().isBiasParam(conf, key) ? "bias stays full precision"
                    : "not a weight parameter";
        }
        return null;
    }

    /** Where a parameter view starts in the flat vector: DL4J's param views share its buffer. */
    private static long offsetIn(INDArray flat, INDArray view, String name) {
        long offset = view.offset() - flat.offset();
        if (offset < 0 || offset + view.length() > flat.length()) {
            throw new IllegalStateException("parameter '" + name + "' is not a view of the flat parameter vector");
        }
        return offset;
    }

    public List<ParamInfo> params() {
        return params;
    }

    public List<QuantizableTensor> tensors() {
        return tensors;
    }

    /** The quantizable tensors' names, in order. */
    public List<String> names() {
        return tensors.stream().map(QuantizableTensor::name).toList();
    }

    /** The quantizable tensors' shapes, in order. */
    public List<int[]> shapes() {
        return tensors.stream().map(QuantizableTensor::intShape).toList();
    }

    public QuantizableTensor tensor(String name) {
        for (QuantizableTensor t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no quantizable tensor named '" + name + "'");
    }

    public float[] read(QuantizableTensor t) {
        return segment(t).toFloatVector();
    }

    public List<float[]> readAll() {
        List<float[]> out = new ArrayList<>();
        for (QuantizableTensor t : tensors) {
            out.add(read(t));
        }
        return out;
    }

    public void write(QuantizableTensor t, float[] values) {
        if (values.length != t.length()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' has " + t.length()
                    + " weights, " + values.length + " given");
        }
        segment(t).assign(Nd4j.createFromArray(values));
    }

    public void writeAll(List<float[]> values) {
        for (int j = 0; j < tensors.size(); j++) {
            write(tensors.get(j), values.get(j));
        }
    }

    private INDArray segment(QuantizableTensor t) {
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(t.offset(), t.offset() + t.length()));
    }
}
