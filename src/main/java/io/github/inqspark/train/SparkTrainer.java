package io.github.inqspark.train;

import io.github.inqspark.core.FailPoints;
import io.github.inqspark.data.BatchSource;
import io.github.inqspark.model.MemoryEstimate;
import io.github.inqspark.model.Net;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Masked SGD on Spark executors with dl4j-spark's parameter averaging. Driver side: once per
 * stage it broadcasts the {@link StageProjection} (masks and frozen codes, not float weights);
 * each averaging round it hands {@code workers x averagingFrequency} minibatches to the workers,
 * which fit them with the {@link FrozenWeightsHook}; after each average it projects the driver's
 * parameters again (averaging equal powers of two is exact, but other floats can be 1 ulp off).
 *
 * <p>Updater state is averaged and carried between rounds (saveUpdater = true, the default): with
 * it, momentum SGD on k workers behaves like the single-JVM reference; without it, DL4J 1.0.0-M2
 * throws the momentum away at every round. It doubles what every worker returns each round (a
 * full copy of the parameters and of the updater state), which for VGG-16 is 1.06 GiB per worker:
 * {@code saveUpdater = false} halves that, at the price of momentum restarting every round (use
 * a larger averaging frequency then). Optimizer state restarts at each stage (spec decision 6).
 */
public final class SparkTrainer implements StageTrainer {

    private final JavaSparkContext sc;
    private final int workers;
    private final int averagingFrequency;
    private final boolean saveUpdater;

    public SparkTrainer(JavaSparkContext sc, int workers, int averagingFrequency) {
        this(sc, workers, averagingFrequency, true);
    }

    public SparkTrainer(JavaSparkContext sc, int workers, int averagingFrequency, boolean saveUpdater) {
        this.sc = sc;
        this.workers = workers > 0 ? workers : sc.defaultParallelism();
        this.averagingFrequency = averagingFrequency;
        this.saveUpdater = saveUpdater;
    }

    @Override
    public void trainStage(Net net, StageProjection projection, BatchSource batches, TrainSettings settings,
                           int startEpoch, Progress progress, EpochDone epochDone) throws Exception {
        StageTrainer.startStage(net, projection, startEpoch);
        // before any Spark work: can the driver hold what every averaging round sends back?
        MemoryEstimate memory = MemoryEstimate.of(net, batches.batch(startEpoch, 0).getFeatures().shape(),
                settings.batchSize());
        progress.say(memory.describe(workers, saveUpdater));
        memory.checkDriverHeap(workers, saveUpdater, Runtime.getRuntime().maxMemory());
        Broadcast<StageProjection> bc = sc.broadcast(projection);
        FailPoints.reach("broadcast");
        try {
            ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(workers, settings.batchSize())
                    .batchSizePerWorker(settings.batchSize())
                    .averagingFrequency(averagingFrequency)
                    .workerPrefetchNumBatches(0)
                    .saveUpdater(saveUpdater)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartionData(Repartition.Never)
                    .rngSeed(settings.seed())
                    .trainingHooks(new FrozenWeightsHook(bc))
                    .build();
            SparkDl4jMultiLayer mln = net.isGraph() ? null : new SparkDl4jMultiLayer(sc, net.multiLayer(), tm);
            SparkComputationGraph graph = net.isGraph() ? new SparkComputationGraph(sc, net.graph(), tm) : null;
            int round = workers * averagingFrequency;
            for (int epoch = startEpoch; epoch < settings.epochsPerStage(); epoch++) {
                net.setLearningRate(settings.learningRate(epoch));
                sc.setJobGroup("inq " + progress.label(), "INQ " + progress.label() + " epoch " + (epoch + 1), false);
                List<Integer> order = LocalTrainer.epochOrder(batches.batches(), settings.seed(), epoch);
                for (int start = 0; start < order.size(); start += round) {
                    List<Integer> part = order.subList(start, Math.min(order.size(), start + round));
                    int slices = Math.min(workers, (part.size() + averagingFrequency - 1) / averagingFrequency);
                    JavaRDD<DataSet> rdd = batchesOf(batches, epoch, part, slices);
                    if (mln != null) {
                        mln.fit(rdd);
                    } else {
                        graph.fit(rdd);
                    }
                    projection.project(net.params());
                    FailPoints.reach("averaged");
                    progress.batchesDone(epoch, settings.epochsPerStage(), part.size(),
                            part.stream().mapToLong(batches::examplesIn).sum());
                }
                epochDone.epochDone(epoch, progress.examplesPerSecond());
            }
        } finally {
            sc.clearJobGroup();
            bc.destroy();
        }
    }

    /**
     * The RDD of one averaging round's batches. Batches in the driver's memory are shipped; batches
     * executors can read (shards) are built there from their indices, so the driver never holds the
     * data. (DL4J counts the RDD before fitting it, so executor-built batches are built twice:
     * decoding is cheap next to a training step.)
     */
    private JavaRDD<DataSet> batchesOf(BatchSource batches, int epoch, List<Integer> indices, int slices) {
        if (!batches.readOnExecutors()) {
            return sc.parallelize(indices.stream().map(i -> batches.batch(epoch, i)).toList(), slices);
        }
        return sc.parallelize(new ArrayList<>(indices), slices).map(i -> batches.batch(epoch, i));
    }

    /**
     * Evaluation on the executors: DL4J's distributed evaluation and score, merged on the driver.
     * It runs on a clone of the network: in local mode dl4j-spark's evaluation broadcast shares
     * the network's parameter buffer and releases it when done ("You can't use DataBuffer once it
     * was released" on the next stage).
     */
    @Override
    public Net.Metrics evaluate(Net net, BatchSource batches) {
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(workers, 1).build();
        List<Integer> all = new ArrayList<>(java.util.stream.IntStream.range(0, batches.batches()).boxed().toList());
        JavaRDD<DataSet> rdd = batchesOf(batches, 0, all, Math.max(1, Math.min(workers, all.size())));
        sc.setJobGroup("inq evaluation", "INQ evaluation on held-out data", false);
        try {
            Evaluation eval;
            double loss;
            int batch = all.isEmpty() ? 1 : batches.examplesIn(0);
            if (net.isGraph()) {
                SparkComputationGraph g = new SparkComputationGraph(sc, net.graph().clone(), tm);
                eval = g.doEvaluation(rdd, batch, new Evaluation(null, 5))[0];
                loss = g.calculateScore(rdd, true);
            } else {
                SparkDl4jMultiLayer m = new SparkDl4jMultiLayer(sc, net.multiLayer().clone(), tm);
                eval = m.doEvaluation(rdd, batch, new Evaluation(null, 5))[0];
                loss = m.calculateScore(rdd, true);
            }
            return new Net.Metrics(eval.accuracy(), eval.topNAccuracy(), loss, eval.getNumRowCounter());
        } finally {
            sc.clearJobGroup();
        }
    }

    @Override
    public String describe() {
        return "spark " + sc.master() + ", " + workers + " workers, averaging every " + averagingFrequency
                + (saveUpdater ? "" : ", updater state not carried");
    }
}
