package io.github.inqspark.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;

/**
 * Keras 2 HDF5 model files (keras.applications VGG16, ResNet50, MobileNetV2, ...) through
 * deeplearning4j-modelimport. A file with a training config gets an output layer with its loss and
 * can be re-trained; without one the network can be inspected and evaluated only.
 */
final class KerasFiles {

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasFiles() {
    }

    static boolean isHdf5(byte[] bytes) {
        if (bytes.length < HDF5_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < HDF5_MAGIC.length; i++) {
            if (bytes[i] != HDF5_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The importer gives every layer a Dropout with retain probability 1, which is the identity, but
     * whose backprop in DL4J 1.0.0-M2 fails on channels-last convolutions (mask and activations
     * multiplied in different layouts). Removing it changes no output and makes the network trainable.
     */
    static Net withoutNoOpDropout(Net net) {
        for (var conf : net.layerConfs()) {
            if (conf.getIDropout() instanceof Dropout d && d.getP() == 1.0) {
                conf.setIDropout(null);
            }
        }
        return net;
    }

    /** Imports a functional model as a ComputationGraph, a Sequential one as a MultiLayerNetwork. */
    static Net importModel(byte[] h5, String source) throws IOException {
        // The HDF5 library reads local files only: copy bytes that came from any Hadoop path.
        Path tmp = Files.createTempFile("inq-keras-", ".h5");
        try {
            Files.write(tmp, h5);
            // enforceTrainingConfig: only then does the importer read the loss and add an output layer.
            ComputationGraph graph;
            try {
                graph = withoutNoOpDropout(Net.of(KerasModelImport.importKerasModelAndWeights(tmp.toString(), true)))
                        .graph();
            } catch (Exception notFunctional) {
                try {
                    return withoutNoOpDropout(Net.of(
                            KerasModelImport.importKerasSequentialModelAndWeights(tmp.toString(), true)));
                } catch (Exception notSequential) {
                    IOException e = new IOException(source + ": a HDF5 file, but not a Keras model DL4J can import: "
                            + notFunctional.getMessage(), notFunctional);
                    e.addSuppressed(notSequential);
                    throw e;
                }
            }
            return Net.of(OutputLayers.withLoss(graph, source));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
