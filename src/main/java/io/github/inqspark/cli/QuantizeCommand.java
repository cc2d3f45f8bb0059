package io.github.inqspark.cli;

import io.github.inqspark.data.LabeledImages;
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
        LabeledImages train = LabeledImages.load(jc.dataDir(), true, conf);
        if (jc.trainExamples() > 0) {
            train = train.slice(0, Math.min(jc.trainExamples(), train.size()));
        }
        LabeledImages eval = LabeledImages.load(jc.dataDir(), false, conf);
        if (jc.evalExamples() > 0) {
            eval = eval.slice(0, Math.min(jc.evalExamples(), eval.size()));
        }
        JavaSparkContext sc = jc.sparkEnabled()
                ? SparkContexts.start(SparkContexts.conf("inq-quantize", jc.sparkMaster())) : null;
        try (StageTrainer trainer = sc != null ? new SparkTrainer(sc, jc.workers(), jc.averagingFrequency())
                : new LocalTrainer()) {
            QuantizeJob.Result r = new QuantizeJob(jc.spec(), conf, trainer, train.batches(jc.spec().train().batchSize()),
                    eval.batches(500), System.out::println, fallback).run();
            System.out.println(r.outcome() == QuantizeJob.Outcome.ALREADY_COMPLETE
                    ? "inq: run already complete" : "inq: run complete");
            return 0;
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }
}
