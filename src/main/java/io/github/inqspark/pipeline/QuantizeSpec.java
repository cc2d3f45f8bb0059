package io.github.inqspark.pipeline;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.train.TrainSettings;

/**
 * Everything the quantize job needs besides data and a trainer, validated by the CLI's config
 * loading: where the pre-trained model and the run directory are, the INQ numerics, and how each
 * stage re-trains. {@code finalStageEpochs} re-trains only the full-precision parameters (biases,
 * batch norm) after the last stage has quantized everything (spec decision 5).
 */
public record QuantizeSpec(String modelUri, String runDir, InqSettings inq, TrainSettings train, int finalStageEpochs) {

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
