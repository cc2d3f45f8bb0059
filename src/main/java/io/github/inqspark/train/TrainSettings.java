package io.github.inqspark.train;

/**
 * How each INQ stage re-trains: epochs, minibatch size, and a learning rate that restarts every
 * stage at {@code learningRate} and is multiplied by {@code decayPerEpoch} after each epoch.
 */
public record TrainSettings(int epochsPerStage, int batchSize, double learningRate, double decayPerEpoch, long seed) {

    public TrainSettings {
        if (epochsPerStage < 0) {
            throw new IllegalArgumentException("epochsPerStage must be >= 0, found " + epochsPerStage);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, found " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, found " + learningRate);
        }
        if (!(decayPerEpoch > 0 && decayPerEpoch <= 1)) {
            throw new IllegalArgumentException("decayPerEpoch must be in (0, 1], found " + decayPerEpoch);
        }
    }

    public double learningRate(int epoch) {
        return learningRate * Math.pow(decayPerEpoch, epoch);
    }

    public TrainSettings withEpochs(int epochs) {
        return new TrainSettings(epochs, batchSize, learningRate, decayPerEpoch, seed);
    }

    public TrainSettings withBatchSize(int size) {
        return new TrainSettings(epochsPerStage, size, learningRate, decayPerEpoch, seed);
    }
}
