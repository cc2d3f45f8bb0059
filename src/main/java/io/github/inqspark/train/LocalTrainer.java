package io.github.inqspark.train;

import io.github.inqspark.data.BatchSource;
import io.github.inqspark.model.Net;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The single-JVM trainer: plain minibatch SGD with the network's own updater, masked by a
 * {@link MaskedSgdListener}. It is the reference the Spark trainer is measured against, and the
 * trainer for users without Spark.
 */
public final class LocalTrainer implements StageTrainer {

    @Override
    public void trainStage(Net net, StageProjection projection, BatchSource batches, TrainSettings settings,
                           int startEpoch, Progress progress, EpochDone epochDone) throws Exception {
        StageTrainer.startStage(net, projection, startEpoch);
        net.addListener(new MaskedSgdListener(projection));
        try {
            for (int epoch = startEpoch; epoch < settings.epochsPerStage(); epoch++) {
                net.setLearningRate(settings.learningRate(epoch));
                for (int i : epochOrder(batches.batches(), settings.seed(), epoch)) {
                    DataSet b = batches.batch(epoch, i);
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

    /** The order of the batch indices in an epoch: shuffled, the same for both trainers. */
    static List<Integer> epochOrder(int batches, long seed, int epoch) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, batches).boxed().toList());
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
