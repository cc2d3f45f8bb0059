package io.github.inqspark.pipeline;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.train.TrainSettings;

/**
 * Everything the quantize job needs besides data and a trainer, validated by the CLI's config
 * loading: where the pre-trained model and the run directory are, the INQ numerics, and how each
 * stage re-trains. {@code finalStageEpochs} re-trains only the full-precision parameters (biases,
 * batch norm) after the last stage has quantized everything (spec decision 5). {@code optimizer},
 * when set, replaces the pre-trained model's optimizer (the paper's momentum and weight decay);
 * null keeps the model's own. {@code architecture}, when set, names the architecture the model
 * must have (ImageNetArchitectures), checked before training.
 */
public record QuantizeSpec(String modelUri, String runDir, InqSettings inq, TrainSettings train, int finalStageEpochs,
                           Optimizer optimizer, String architecture) {

    /** Nesterov momentum SGD with L2 weight decay, as the paper's Caffe solvers. */
    public record Optimizer(double momentum, double weightDecay) {
        public Optimizer {
            if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("momentum must be in [0, 1) and weight-decay >= 0, found "
                        + momentum + " and " + weightDecay);
            }
        }
    }

    public QuantizeSpec(String modelUri, String runDir, InqSettings inq, TrainSettings train, int finalStageEpochs) {
        this(modelUri, runDir, inq, train, finalStageEpochs, null, null);
    }

    public QuantizeSpec {
        if (modelUri == null || modelUri.isBlank()) {
            throw new IllegalArgumentException("model path is missing");
        }
        if (runDir == null || runDir.isBlank()) {
            throw new IllegalArgumentException("run directory is missing");
        }
        if (finalStageEpochs < 0) {
            throw new IllegalArgumentException("finalStageEpochs must be >= 0, found " + finalStageEpochs);
        }
    }

    /** Epochs stage n trains: the configured epochs, or finalStageEpochs for the last stage. */
    public int epochsFor(int stage) {
        return stage == inq.schedule().stages() ? finalStageEpochs : train.epochsPerStage();
    }
}
