package io.github.inqspark.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.updater.UpdaterCreator;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One DL4J network, MultiLayerNetwork or ComputationGraph, behind the few operations INQ needs,
 * so the trainers and the pipeline do not branch on the type.
 */
public final class Net {

    private final MultiLayerNetwork mln;
    private final ComputationGraph graph;

    private Net(MultiLayerNetwork mln, ComputationGraph graph) {
        this.mln = mln;
        this.graph = graph;
    }

    public static Net of(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            return new Net(m, null);
        }
        if (model instanceof ComputationGraph g) {
            return new Net(null, g);
        }
        throw new IllegalArgumentException("unsupported model type " + model.getClass().getName()
                + ": expected a MultiLayerNetwork or a ComputationGraph");
    }

    /**
     * A network from DL4J's model zip format (either kind, with its updater state if saved) or from a
     * Keras 2 HDF5 file, told apart by the file's first bytes.
     */
    public static Net read(byte[] zip, String source) throws IOException {
        if (zip.length == 0) {
            throw new IOException(source + ": empty file, not a model");
        }
        if (KerasFiles.isHdf5(zip)) {
            return KerasFiles.importModel(zip, source);
        }
        try {
            return of(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), true));
        } catch (Exception notMln) {
            try {
                return of(ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), true));
            } catch (Exception notGraph) {
                IOException e = new IOException(source + ": not a DL4J model zip nor a Keras HDF5 file (neither a MultiLayerNetwork"
                        + " nor a ComputationGraph could be read: " + notMln.getMessage() + ")", notGraph);
                e.addSuppressed(notMln);
                throw e;
            }
        }
    }

    /** The network's configuration as DL4J JSON (no parameters). */
    public String configurationJson() {
        return mln != null ? mln.getLayerWiseConfigurations().toJson() : graph.getConfiguration().toJson();
    }

    /** A freshly initialised network from DL4J JSON, for loading parameters into. */
    public static Net fromConfigurationJson(boolean graph, String json) {
        if (graph) {
            ComputationGraph g = new ComputationGraph(
                    org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(json));
            g.init();
            return of(g);
        }
        MultiLayerNetwork m = new MultiLayerNetwork(org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json));
        m.init();
        return of(m);
    }

    /** DL4J's model zip format, with the updater state. */
    public byte[] write() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(model(), out, true);
        return out.toByteArray();
    }

    public Model model() {
        return mln != null ? mln : graph;
    }

    public boolean isGraph() {
        return graph != null;
    }

    public MultiLayerNetwork multiLayer() {
        if (mln == null) {
            throw new IllegalStateException("not a MultiLayerNetwork");
        }
        return mln;
    }

    public ComputationGraph graph() {
        if (graph == null) {
            throw new IllegalStateException("not a ComputationGraph");
        }
        return graph;
    }

    public NetworkTensors tensors() {
        return NetworkTensors.of(model());
    }

    public INDArray params() {
        return model().params();
    }

    public long numParams() {
        return model().numParams();
    }

    public void fit(DataSet batch) {
        if (mln != null) {
            mln.fit(batch);
        } else {
            graph.fit(batch);
        }
    }

    public void setLearningRate(double lr) {
        if (mln != null) {
            mln.setLearningRate(lr);
        } else {
            graph.setLearningRate(lr);
        }
    }

    /**
     * Replaces every layer's optimizer by Nesterov momentum SGD with {@code momentum}, with Caffe's
     * weight decay (L2: {@code weightDecay} x w added to the gradient) on weights and none on biases,
     * as in the paper's solvers; the updater and its state are created afresh. The learning rate is
     * set per epoch by the trainers.
     */
    public void configureOptimizer(double momentum, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("momentum must be in [0, 1) and weight decay >= 0, found "
                    + momentum + " and " + weightDecay);
        }
        for (org.deeplearning4j.nn.conf.layers.Layer conf : layerConfs()) {
            if (conf instanceof BaseLayer b) {
                double lr = b.getIUpdater() != null && b.getIUpdater().hasLearningRate()
                        ? b.getIUpdater().getLearningRate(0, 0) : 0.01;
                b.setIUpdater(new Nesterovs(lr, momentum));
                b.setRegularization(weightDecay > 0 ? new ArrayList<>(List.of(new L2Regularization(weightDecay)))
                        : new ArrayList<>());
                b.setRegularizationBias(new ArrayList<>());
            }
        }
        if (mln != null) {
            mln.setUpdater(UpdaterCreator.getUpdater(mln));
        } else {
            graph.setUpdater(new ComputationGraphUpdater(graph));
        }
    }

    /** The layer configurations of both the live layers and the network's configuration (saved). */
    List<org.deeplearning4j.nn.conf.layers.Layer> layerConfs() {
        List<org.deeplearning4j.nn.conf.layers.Layer> confs = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer l : mln != null ? mln.getLayers() : graph.getLayers()) {
            confs.add(l.conf().getLayer());
        }
        if (mln != null) {
            mln.getLayerWiseConfigurations().getConfs().forEach(c -> confs.add(c.getLayer()));
        } else {
            graph.getConfiguration().getVertices().values().stream()
                    .filter(v -> v instanceof LayerVertex)
                    .forEach(v -> confs.add(((LayerVertex) v).getLayerConf().getLayer()));
        }
        return confs;
    }

    /** "layer/param[index] = value" of the first parameter that is NaN or infinite, or null. */
    public String firstNonFiniteParameter() {
        for (org.deeplearning4j.nn.api.Layer l : mln != null ? mln.getLayers() : graph.getLayers()) {
            String layer = l.conf().getLayer().getLayerName() != null ? l.conf().getLayer().getLayerName()
                    : "layer" + l.getIndex();
            for (var e : l.paramTable().entrySet()) {
                float[] v = e.getValue().dup().data().asFloat();
                for (int i = 0; i < v.length; i++) {
                    if (!Float.isFinite(v[i])) {
                        return layer + "/" + e.getKey() + "[" + i + "] = " + v[i];
                    }
                }
            }
        }
        return null;
    }

    /** Zeros the optimizer's state (momentum) and the iteration and epoch counters. */
    public void resetOptimizer() {
        INDArray state = mln != null ? mln.getUpdater().getStateViewArray()
                : graph.getUpdater().getStateViewArray();
        if (state != null) {
            state.assign(0);
        }
        if (mln != null) {
            mln.setIterationCount(0);
            mln.setEpochCount(0);
        } else {
            graph.getConfiguration().setIterationCount(0);
            graph.getConfiguration().setEpochCount(0);
        }
    }

    public void addListener(TrainingListener listener) {
        if (mln != null) {
            mln.addListeners(listener);
        } else {
            graph.addListeners(listener);
        }
    }

    public INDArray output(INDArray features) {
        return mln != null ? mln.output(features, false) : graph.outputSingle(false, features);
    }

    public double score(DataSet batch) {
        return mln != null ? mln.score(batch, false) : graph.score(batch, false);
    }

    /** Top-1 and top-5 accuracy and the mean loss over the given batches. */
    public Metrics evaluate(Iterable<DataSet> batches) {
        Evaluation eval = new Evaluation(null, 5);
        double lossSum = 0;
        long examples = 0;
        for (DataSet b : batches) {
            eval.eval(b.getLabels(), output(b.getFeatures()));
            lossSum += score(b) * b.numExamples();
            examples += b.numExamples();
        }
        return new Metrics(eval.accuracy(), eval.topNAccuracy(), lossSum / Math.max(1, examples), examples);
    }

    /** Evaluation results. */
    public record Metrics(double top1, double top5, double loss, long examples) {
    }
}
