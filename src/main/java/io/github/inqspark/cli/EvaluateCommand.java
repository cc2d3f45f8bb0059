package io.github.inqspark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.inqspark.data.BatchSource;
import io.github.inqspark.model.Net;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.store.RunDirectory;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.SparkContexts;
import io.github.inqspark.train.SparkTrainer;
import io.github.inqspark.train.StageTrainer;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Evaluates a run's newest committed stage (or any model) on the held-out data of a quantize
 * config, distributed on Spark like the quantize job's own evaluation, and writes the result as
 * JSON next to the run when asked.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Top-1, top-5 and loss on held-out data of a run's newest stage, or of --model.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = {"-c", "--conf"}, description = "the quantize job's HOCON config (data, run directory, Spark)")
    File confFile;

    @Option(names = {"-s", "--set"}, description = "override one key, e.g. --set inq.data.eval-examples=1000")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--model", description = "evaluate this model file instead of the run's newest stage")
    String model;

    @Option(names = "--out", description = "also write the result as JSON here (any Hadoop path; replaced)")
    String out;

    /** The result as JSON (replacing the file): what was evaluated, on which data, top-1, top-5, loss, examples. */
    static void writeResult(String uri, String what, String data, Net.Metrics m, Configuration conf) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("evaluated", what);
        json.put("data", data);
        json.put("top1", m.top1());
        json.put("top5", m.top5());
        json.put("loss", m.loss());
        json.put("examples", m.examples());
        HadoopFiles.replace(uri, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json), conf);
    }

    @Override
    public Integer call() throws Exception {
        JobConfig jc = JobConfig.load(confFile, overrides);
        Configuration conf = new Configuration();
        String what;
        Net net;
        if (model != null) {
            net = Net.read(HadoopFiles.read(model, "model file", conf), model);
            what = model;
        } else {
            QuantizeJob.StageCommit c = QuantizeJob.latestStage(RunDirectory.open(jc.spec().runDir(), conf));
            net = c.net();
            what = jc.spec().runDir() + " " + c.name();
        }
        BatchSource eval = QuantizeCommand.batches(jc, false, conf);
        JavaSparkContext sc = jc.sparkEnabled()
                ? SparkContexts.start(SparkContexts.conf("inq-evaluate", jc.sparkMaster())) : null;
        try (StageTrainer trainer = sc != null ? new SparkTrainer(sc, jc.workers(), 1) : new LocalTrainer()) {
            Net.Metrics m = trainer.evaluate(net, eval);
            System.out.printf(Locale.ROOT, "%s: top-1 %.2f%%  top-5 %.2f%%  loss %.4f  (%,d examples of %s)%n", what,
                    100 * m.top1(), 100 * m.top5(), m.loss(), m.examples(), jc.dataDir());
            if (out != null) {
                writeResult(out, what, jc.dataDir(), m, conf);
            }
            return 0;
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }
}
