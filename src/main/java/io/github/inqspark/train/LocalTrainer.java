package io.github.inqspark.train;

import io.github.inqspark.model.Net;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The single-JVM trainer: plain minibatch SGD with the network's own updater, masked by a
 * {@link MaskedSgdListener}. It is the reference the Spark trainer is measured against, and the
 * trainer for users without Spark.
 */
public final class LocalTrainer implements StageTrainer {

    @Override
    public void trainStage(Net net, StageProjection projection, List<DataSet> batches, TrainSettings settings,
                           int startEpoch, Progress progress, EpochDone epochDone) throws Exception {
        StageTrainer.startStage(net, projection, startEpoch);
        net.addListener(new MaskedSgdListener(projection));
        try {
            for (int epoch = startEpoch; epoch < settings.epochsPerStage(); epoch++) {
                net.setLearningRate(settings.learningRate(epoch));
                for (DataSet b : epochOrder(batches, settings.seed(), epoch)) {
                    net.fit(b);
                    progress.batchesDone(epoch, settings.epochsPerStage(), 1, b.numExamples());
                }
                projection.project(net.params());
                epochDone.epochDone(epoch, progress.examplesPerSecond());
            }
        } finally {
            clearListeners(net);
        }
    }

    static <T> List<T> epochOrder(List<T> batches, long seed, int epoch) {
        List<T> order = new ArrayList<>(batches);
        Collections.shuffle(order, new Random(seed * 31 + epoch));
        return order;
    }

    static void clearListeners(Net net) {
        if (net.isGraph()) {
            net.graph().setListeners();
        } else {
            net.multiLayer().setListeners();
        }
    }

    @Override
    public String describe() {
        return "local (single JVM)";
    }
}
