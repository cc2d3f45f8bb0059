package io.github.inqspark.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.inqspark.core.FailPoints;
import io.github.inqspark.core.FrozenWeights;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.QuantumSet;
import io.github.inqspark.core.QuantStateCodec;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.core.TensorQuantState;
import io.github.inqspark.core.TensorSummary;
import io.github.inqspark.data.BatchSource;
import io.github.inqspark.model.ImageNetArchitectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.store.Checkpoint;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.store.CorruptCheckpointException;
import io.github.inqspark.store.RunDirectory;
import io.github.inqspark.store.RunLock;
import io.github.inqspark.train.Progress;
import io.github.inqspark.train.StageProjection;
import io.github.inqspark.train.StageTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The quantize job, on the driver: for each stage, partition and quantize (driver), re-train the
 * free weights (the trainer: local or Spark), evaluate, and commit the stage atomically. Epoch
 * checkpoints within a stage bound what a crash can lose to one epoch. Running it again on the
 * same run directory resumes from the last committed checkpoint; a finished run is reported, not
 * redone.
 */
public final class QuantizeJob {

    static final String MODEL = "model.zip";
    static final String STATE = "quant-state.bin";
    static final String METRICS = "metrics.json";
    public static final String METRICS_LOG = "metrics.jsonl";
    static final String RUN_SPEC = "run.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QuantizeSpec spec;
    private final Configuration conf;
    private final StageTrainer trainer;
    private final BatchSource trainBatches;
    private final BatchSource evalBatches;
    private final Consumer<String> out;
    private final boolean fallbackOnCorrupt;

    public QuantizeJob(QuantizeSpec spec, Configuration conf, StageTrainer trainer, List<DataSet> trainBatches,
                       List<DataSet> evalBatches, Consumer<String> out, boolean fallbackOnCorrupt) {
        this(spec, conf, trainer, BatchSource.of(trainBatches), BatchSource.of(evalBatches), out, fallbackOnCorrupt);
    }

    public QuantizeJob(QuantizeSpec spec, Configuration conf, StageTrainer trainer, BatchSource trainBatches,
                       BatchSource evalBatches, Consumer<String> out, boolean fallbackOnCorrupt) {
        this.spec = spec;
        this.conf = conf;
        this.trainer = trainer;
        this.trainBatches = trainBatches;
        this.evalBatches = evalBatches;
        this.out = out;
        this.fallbackOnCorrupt = fallbackOnCorrupt;
    }

    /** How a run ended. */
    public enum Outcome { COMPLETED, ALREADY_COMPLETE }

    /** The outcome and the final network (verified: every quantizable weight in its P_l). */
    public record Result(Outcome outcome, Net net, ModelQuantState state, List<StageMetrics> metrics) {
    }

    public Result run() throws Exception {
        RunDirectory dir = RunDirectory.open(spec.runDir(), conf);
        try (RunLock lock = RunLock.acquire(dir, 10_000, 120_000)) {
            String runSpec = checkRunSpec(dir);
            for (String swept : dir.sweepUnpublished()) {
                out.accept("Removed " + swept + ": a commit interrupted before it was published");
            }
            int stages = spec.inq().schedule().stages();
            Resume resume = latest(dir, dir.checkpointNames());
            if (resume != null && resume.state.isComplete() && resume.checkpoint.isStageCommit()) {
                verify(resume.net, resume.state);
                out.accept("Run " + dir.root() + " is already complete (" + stages + " of " + stages
                        + " stages committed); nothing to do.");
                return new Result(Outcome.ALREADY_COMPLETE, resume.net, resume.state, readMetrics(dir));
            }
            Net net;
            ModelQuantState state;
            int startEpoch = 0;
            if (resume == null) {
                net = Net.read(HadoopFiles.read(spec.modelUri(), "model file", conf), spec.modelUri());
                checkDataFits(net, spec.modelUri());
                if (spec.architecture() != null) {
                    ImageNetArchitectures.checkShapes(net, spec.architecture(), spec.modelUri());
                }
                if (spec.optimizer() != null) { // saved with every checkpoint from here on
                    net.configureOptimizer(spec.optimizer().momentum(), spec.optimizer().weightDecay());
                }
                NetworkTensors nt = net.tensors();
                state = ModelQuantState.initial(spec.inq(), nt.names(), nt.shapes(), nt.readAll());
                out.accept(String.format("Quantizing %s: %d quantizable tensors, %,d weights; %d-bit, portions %s, %s partition,"
                        + " %s n1 rule", spec.modelUri(), nt.tensors().size(), state.totalWeights(), spec.inq().bits(),
                        spec.inq().schedule(), spec.inq().strategy(), spec.inq().n1Rule()));
                StageMetrics ref = evaluate(net, state, 0, 0, 0);
                // bound to these settings only now that the model and data passed every check
                dir.writeFile(RUN_SPEC, runSpec.getBytes(StandardCharsets.UTF_8));
                commitStage(dir, net, state, ref);
                printRow(ref);
            } else {
                net = resume.net;
                state = resume.state;
                out.accept("Resuming " + dir.root() + " from checkpoint " + resume.checkpoint.name());
                if (!resume.checkpoint.isStageCommit()) {
                    startEpoch = resume.checkpoint.epoch() + 1;
                }
            }

            while (!state.isComplete() || startEpoch > 0) {
                int stage;
                if (startEpoch > 0) {
                    stage = state.stagesDone(); // resuming inside a stage already partitioned
                } else {
                    stage = state.stagesDone() + 1;
                    NetworkTensors nt = net.tensors();
                    List<float[]> weights = nt.readAll();
                    StageQuantizer.applyNextStage(state, weights);
                    nt.writeAll(weights);
                    FailPoints.reach("partitioned");
                }
                StageMetrics m = trainStage(dir, net, state, stage, startEpoch);
                commitStage(dir, net, state, m);
                printRow(m);
                startEpoch = 0;
            }
            verify(net, state);
            out.accept("Verified: every quantizable weight of " + state.tensors().size() + " tensors lies in its P_l.");
            return new Result(Outcome.COMPLETED, net, state, readMetrics(dir));
        }
    }

    private StageMetrics trainStage(RunDirectory dir, Net net, ModelQuantState state, int stage, int startEpoch)
            throws Exception {
        int stages = spec.inq().schedule().stages();
        int epochs = spec.epochsFor(stage);
        StageProjection projection = StageProjection.of(state, net.tensors(), net.numParams());
        long batches = (long) trainBatches.batches() * Math.max(0, epochs - startEpoch);
        String label = "stage " + stage + "/" + stages;
        Progress progress = new Progress(out, 10_000, label, batches);
        long t0 = System.nanoTime();
        double[] rate = {0};
        trainer.trainStage(net, projection, trainBatches, spec.train().withEpochs(epochs), startEpoch, progress,
                (epoch, examplesPerSecond) -> {
                    rate[0] = examplesPerSecond;
                    if (epoch < epochs - 1) { // the last epoch is committed as the stage itself
                        Map<String, byte[]> files = new LinkedHashMap<>();
                        files.put(MODEL, net.write());
                        files.put(STATE, QuantStateCodec.encode(state));
                        dir.commit(stage, epoch, files);
                    }
                });
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFrozenExact(net, state, "after training " + label);
        return evaluate(net, state, stage, seconds, rate[0]);
    }

    private StageMetrics evaluate(Net net, ModelQuantState state, int stage, double seconds, double rate) {
        Net.Metrics e = trainer.evaluate(net, evalBatches);
        double portion = stage == 0 ? 0 : spec.inq().schedule().portion(stage);
        return new StageMetrics(stage, spec.inq().schedule().stages(), portion,
                (double) state.totalFrozen() / state.totalWeights(), e.top1(), e.top5(), e.loss(), e.examples(),
                seconds, rate, stage == 0 ? "reference" : trainer.describe());
    }

    private void commitStage(RunDirectory dir, Net net, ModelQuantState state, StageMetrics m) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODEL, net.write());
        files.put(STATE, QuantStateCodec.encode(state));
        files.put(METRICS, JSON.writeValueAsBytes(m));
        dir.commit(state.stagesDone(), -1, files);
        rebuildMetricsLog(dir);
    }

    private void printRow(StageMetrics m) {
        out.accept(String.format("  stage %d/%d  portion %.3f  frozen %6.2f%%  top-1 %6.2f%%  top-5 %6.2f%%  loss %.4f  %6.1f s  %s",
                m.stage(), m.stages(), m.portion(), 100 * m.frozenFraction(), 100 * m.top1(), 100 * m.top5(),
                m.loss(), m.trainSeconds(), m.trainer()));
    }

    /** The newest checkpoint that reads back intact; older ones only if the user allowed fallback. */
    private Resume latest(RunDirectory dir, List<String> names) throws IOException {
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            try {
                Checkpoint c = dir.read(name);
                Net net = Net.read(c.file(MODEL), name + "/" + MODEL);
                ModelQuantState state = QuantStateCodec.decode(c.file(STATE), name + "/" + STATE);
                assertFrozenExact(net, state, "checkpoint " + name);
                return new Resume(c, net, state);
            } catch (CorruptCheckpointException | io.github.inqspark.core.CorruptStateException e) {
                if (!fallbackOnCorrupt) {
                    throw new CorruptCheckpointException(e.getMessage() + ". Nothing was changed. To resume from the"
                            + " previous checkpoint instead, run again with --fallback-on-corrupt");
                }
                out.accept("Corrupt checkpoint " + name + " moved aside as " + dir.quarantine(name) + ": " + e.getMessage());
            }
        }
        return null;
    }

    private record Resume(Checkpoint checkpoint, Net net, ModelQuantState state) {
    }

    /**
     * Before anything is committed: every parameter finite (a NaN bias would poison every weight in
     * the first step), and the model must take the data's input shape with one output per class of
     * the data, or the run would fail deep inside DL4J after the first commit.
     */
    private void checkDataFits(Net net, String model) {
        String bad = net.firstNonFiniteParameter();
        if (bad != null) {
            throw new IllegalArgumentException("model " + model + " has a parameter that is not finite: " + bad);
        }
        DataSet b = trainBatches.batch(0, 0);
        DataSet one = b.numExamples() > 1 ? (DataSet) b.getRange(0, 1) : b;
        org.nd4j.linalg.api.ndarray.INDArray out;
        try {
            out = net.output(one.getFeatures());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("model " + model + " cannot take the data's input of shape "
                    + java.util.Arrays.toString(one.getFeatures().shape()) + ": " + e.getMessage(), e);
        }
        long classes = one.getLabels().size(1);
        if (out.size(1) != classes) {
            throw new IllegalArgumentException("model " + model + " has " + out.size(1) + " outputs but the data has "
                    + classes + " classes");
        }
    }

    /**
     * Refuses to resume a run directory with different numerics or another model; returns the spec
     * to record (run.json), which a fresh run writes with its first commit, so that an attempt
     * refused for bad input does not bind the directory.
     */
    private String checkRunSpec(RunDirectory dir) throws IOException {
        Map<String, Object> runSpec = new LinkedHashMap<>();
        runSpec.put("model", HadoopFiles.qualified(spec.modelUri(), conf));
        runSpec.put("bits", spec.inq().bits());
        runSpec.put("portions", spec.inq().schedule().portions());
        runSpec.put("strategy", spec.inq().strategy());
        runSpec.put("seed", spec.inq().seed());
        if (!spec.inq().n1Rule().equals(QuantumSet.N1_PAPER)) { // absent: the paper's rule (older run dirs)
            runSpec.put("n1Rule", spec.inq().n1Rule());
        }
        if (spec.optimizer() != null) {
            runSpec.put("momentum", spec.optimizer().momentum());
            runSpec.put("weightDecay", spec.optimizer().weightDecay());
        }
        String wanted = JSON.writeValueAsString(runSpec);
        var existing = dir.readAuxFile(RUN_SPEC).map(b -> new String(b, StandardCharsets.UTF_8));
        if (existing.isPresent() && !sameRunSpec(existing.get(), wanted)) {
            throw new IllegalArgumentException("run directory " + dir.root() + " was started with "
                    + existing.get() + " but this run asks for " + wanted
                    + ": use a new run directory, or the original settings");
        }
        return wanted;
    }

    /** Equal settings; the model path compared qualified (run.json of older runs holds it as typed). */
    private boolean sameRunSpec(String recorded, String wanted) throws IOException {
        Map<String, Object> old = JSON.readValue(recorded, new TypeReference<LinkedHashMap<String, Object>>() { });
        if (old.get("model") instanceof String m) {
            old.put("model", HadoopFiles.qualified(m, conf));
        }
        return JSON.writeValueAsString(old).equals(wanted);
    }

    static void assertFrozenExact(Net net, ModelQuantState state, String when) {
        NetworkTensors nt = net.tensors();
        for (TensorQuantState t : state.tensors()) {
            int bad = FrozenWeights.firstFrozenOutsideP(t, nt.read(nt.tensor(t.name())));
            if (bad >= 0) {
                throw new IllegalStateException(when + ": frozen weight " + bad + " of '" + t.name() + "' is not in P_l");
            }
        }
    }

    /** The newest committed stage of a run (not an epoch checkpoint), read and verified. */
    public record StageCommit(String name, Net net, ModelQuantState state) {
        /** Per quantizable tensor: frozen weights and how often each value of P_l occurs among them. */
        public List<TensorSummary> summaries() {
            NetworkTensors nt = net.tensors();
            List<TensorSummary> rows = new ArrayList<>();
            for (TensorQuantState t : state.tensors()) {
                rows.add(TensorSummary.of(t, nt.read(nt.tensor(t.name()))));
            }
            return rows;
        }
    }

    public static StageCommit latestStage(RunDirectory dir) throws IOException {
        List<String> names = dir.checkpointNames().stream().filter(n -> !n.contains("epoch")).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("run directory " + dir.root() + " has no committed stage");
        }
        Checkpoint c = dir.read(names.get(names.size() - 1));
        return new StageCommit(c.name(), Net.read(c.file(MODEL), c.name() + "/" + MODEL),
                QuantStateCodec.decode(c.file(STATE), c.name() + "/" + STATE));
    }

    /** The final check: every quantizable weight in its P_l. */
    public static void verify(Net net, ModelQuantState state) {
        NetworkTensors nt = net.tensors();
        for (TensorQuantState t : state.tensors()) {
            float[] w = nt.read(nt.tensor(t.name()));
            int bad = FrozenWeights.firstOutsideP(t.quantumSet(), w);
            if (bad >= 0) {
                throw new IllegalStateException("tensor '" + t.name() + "' weight " + bad + " = " + w[bad]
                        + " is not in P_l = " + t.quantumSet());
            }
        }
    }

    /** The metrics of every committed stage, read from the commits themselves (the source of truth). */
    public static List<StageMetrics> readMetrics(RunDirectory dir) throws IOException {
        List<StageMetrics> metrics = new ArrayList<>();
        for (String name : dir.checkpointNames()) {
            if (!name.contains("epoch")) {
                metrics.add(JSON.readValue(dir.readFile(name, METRICS), StageMetrics.class));
            }
        }
        return metrics;
    }

    /** metrics.jsonl, one line per committed stage: a readable view rebuilt after every commit. */
    private static void rebuildMetricsLog(RunDirectory dir) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (StageMetrics m : readMetrics(dir)) {
            lines.append(JSON.writeValueAsString(m)).append('\n');
        }
        dir.writeFile(METRICS_LOG, lines.toString().getBytes(StandardCharsets.UTF_8));
    }

}
