package io.github.inqspark.train;

import io.github.inqspark.data.BatchSource;
import io.github.inqspark.model.Net;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Re-trains the free weights of a network for one INQ stage while keeping every frozen weight
 * exactly at its quantized value. Two implementations share this contract: the single-JVM
 * {@link LocalTrainer} (the reference) and the Spark trainer.
 *
 * <p>Call order: the driver applies the stage's partition, builds a {@link StageProjection}, then
 * calls {@link #trainStage}, which returns with the network's frozen weights bit-exact. The
 * optimizer state and learning-rate schedule restart at epoch 0 of every stage (spec decision 6);
 * a stage resumed at epoch e > 0 keeps the optimizer state it was saved with.
 */
public interface StageTrainer extends AutoCloseable {

    /** Called after every epoch, when a checkpoint may be committed. */
    interface EpochDone {
        void epochDone(int epoch, double examplesPerSecond) throws Exception;
    }

    void trainStage(Net net, StageProjection projection, BatchSource batches, TrainSettings settings,
                    int startEpoch, Progress progress, EpochDone epochDone) throws Exception;

    /** {@link #trainStage(Net, StageProjection, BatchSource, TrainSettings, int, Progress, EpochDone)} on batches in memory. */
    default void trainStage(Net net, StageProjection projection, List<DataSet> batches, TrainSettings settings,
                            int startEpoch, Progress progress, EpochDone epochDone) throws Exception {
        trainStage(net, projection, BatchSource.of(batches), settings, startEpoch, progress, epochDone);
    }

    /** Top-1, top-5 and mean loss over held-out batches (distributed where the trainer is). */
    default Net.Metrics evaluate(Net net, BatchSource batches) {
        return net.evaluate(inOrder(batches));
    }

    default Net.Metrics evaluate(Net net, List<DataSet> batches) {
        return evaluate(net, BatchSource.of(batches));
    }

    /** The batches of epoch 0 in index order, built one at a time as they are iterated. */
    static Iterable<DataSet> inOrder(BatchSource batches) {
        return () -> java.util.stream.IntStream.range(0, batches.batches()).mapToObj(i -> batches.batch(0, i)).iterator();
    }

    /**
     * What every stage starts with: a fresh optimizer (unless resuming inside the stage, when the
     * saved state is kept) and the frozen weights at their exact values.
     */
    static void startStage(Net net, StageProjection projection, int startEpoch) {
        if (startEpoch == 0) {
            net.resetOptimizer();
        }
        projection.project(net.params());
    }

    /** A short description for logs and metrics ("local", "spark local[2], 2 workers", ...). */
    String describe();

    @Override
    default void close() {
    }
}
