package io.github.inqspark.cli;

import io.github.inqspark.data.BatchSource;
import io.github.inqspark.data.LabeledImages;
import io.github.inqspark.data.ShardBatches;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.StageTrainer;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job: INQ stage by stage, committed to a run directory, resumable. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Run INQ on a pre-trained model; running it again on the same run directory resumes.")
final class QuantizeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--conf"}, description = "HOCON config file (see conf/ and inq-defaults.conf)")
    File confFile;

    @Option(names = {"-s", "--set"}, description = "override one key, e.g. --set inq.quantization.bits=4")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--fallback-on-corrupt",
            description = "resume from the newest intact checkpoint if the newest one is corrupt")
    boolean fallback;

    @Override
    public Integer call() throws Exception {
        JobConfig jc = JobConfig.load(confFile, overrides);
        Configuration conf = new Configuration();
        requireModelOrRun(jc, conf);
        BatchSource train = batches(jc, true, conf);
        BatchSource eval = batches(jc, false, conf);
        JavaSparkContext sc = jc.sparkEnabled()
                ? SparkContexts.start(SparkContexts.conf("inq-quantize", jc.sparkMaster())) : null;
        try (StageTrainer trainer = sc != null ? new SparkTrainer(sc, jc.workers(), jc.averagingFrequency(), jc.saveUpdater())
                : new LocalTrainer()) {
            QuantizeJob.Result r = new QuantizeJob(jc.spec(), conf, trainer, train, eval, System.out::println, fallback).run();
            System.out.println(r.outcome() == QuantizeJob.Outcome.ALREADY_COMPLETE
                    ? "inq: run already complete" : "inq: run complete");
            return 0;
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }

    /**
     * Before any Spark work: the model file must exist, unless the run directory already holds
     * commits (a resumed run reads its own checkpoints).
     */
    static void requireModelOrRun(JobConfig jc, Configuration conf) throws java.io.IOException {
        org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path(jc.spec().modelUri());
        org.apache.hadoop.fs.Path commits = new org.apache.hadoop.fs.Path(jc.spec().runDir(), "checkpoints");
        if (!model.getFileSystem(conf).exists(model) && !commits.getFileSystem(conf).exists(commits)) {
            throw new IllegalArgumentException("inq.model: the model file " + jc.spec().modelUri() + " does not exist"
                    + " (and the run directory " + jc.spec().runDir() + " holds no commits to resume from)");
        }
    }

    /** The training or evaluation batches of the configured data. */
    static BatchSource batches(JobConfig jc, boolean train, Configuration conf) throws java.io.IOException {
        int limit = train ? jc.trainExamples() : jc.evalExamples();
        int batch = jc.spec().train().batchSize();
        if (jc.dataFormat().equals("shards")) {
            return ShardBatches.open(jc.dataDir(), train, batch, jc.imageTransform(), jc.spec().train().seed(), limit, conf);
        }
        LabeledImages images;
        int v = jc.validationExamples();
        if (v > 0) { // held out from the end of the training split: the test split stays unseen
            LabeledImages all = LabeledImages.load(jc.dataDir(), true, conf);
            if (v >= all.size()) {
                throw new IllegalArgumentException("inq.data.validation-examples = " + v + " leaves no training examples"
                        + " of the " + all.size() + " in " + jc.dataDir());
            }
            images = train ? all.slice(0, all.size() - v) : all.slice(all.size() - v, all.size());
        } else {
            images = LabeledImages.load(jc.dataDir(), train, conf);
        }
        if (limit > 0) {
            images = images.slice(0, Math.min(limit, images.size()));
        }
        return BatchSource.of(images.batches(train ? batch : 500));
    }
}
