package io.github.inqspark.cli;

import io.github.inqspark.pipeline.PrepJob;
import io.github.inqspark.train.SparkContexts;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The data-prep job: an ImageNet-style tree into shards and manifest.json. */
@Command(name = "prep", mixinStandardHelpOptions = true,
        description = "Turn an ImageNet-style image tree into training and validation shards (re-running skips finished shards).")
final class PrepCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, description = "training folder: one sub-folder per synset, images inside")
    String train;

    @Option(names = "--val", description = "validation folder: the images, flat")
    String val;

    @Option(names = "--val-labels", description = "validation ground truth: one label per line in file-name order,"
            + " or a CSV of image id and synset (LOC_val_solution.csv)")
    String valLabels;

    @Option(names = "--out", required = true, description = "shard folder (any Hadoop path)")
    String out;

    @Option(names = "--short-side", defaultValue = "256", description = "resize the short side to this (default: ${DEFAULT-VALUE})")
    int shortSide;

    @Option(names = "--images-per-shard", defaultValue = "1024", description = "default: ${DEFAULT-VALUE}")
    int imagesPerShard;

    @Option(names = "--jpeg-quality", defaultValue = "0.9", description = "of the re-encoded images (default: ${DEFAULT-VALUE})")
    float quality;

    @Option(names = "--spark-master", defaultValue = "local[*]",
            description = "used unless spark-submit sets one (default: ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--no-spark", description = "prepare in this JVM, without Spark")
    boolean noSpark;

    @Override
    public Integer call() throws Exception {
        PrepJob.Settings settings = new PrepJob.Settings(train, val, valLabels, out, shortSide, imagesPerShard, quality);
        JavaSparkContext sc = noSpark ? null : SparkContexts.start(SparkContexts.conf("inq-prep", master));
        try {
            new PrepJob(settings, new Configuration(), System.out::println).run(sc);
            return 0;
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }
}
