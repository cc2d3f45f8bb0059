package io.github.inqspark.pipeline;

import io.github.inqspark.model.Net;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.train.Progress;
import io.github.inqspark.train.TrainSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains the FP32 reference network in one JVM: minibatch SGD with a per-epoch learning-rate
 * decay, the validation split evaluated after every epoch, the test split once at the end. The
 * model is written by temp-file-then-rename, so a half-written model is never read as complete.
 */
public final class PretrainJob {

    private PretrainJob() {
    }

    public static Net.Metrics run(Net net, List<DataSet> train, List<DataSet> validation, List<DataSet> test,
                                  TrainSettings settings, String outUri, Configuration conf, Consumer<String> out)
            throws IOException {
        // before training, not after: a run should not learn for hours only to be refused at the end
        if (new Path(outUri).getFileSystem(conf).exists(new Path(outUri))) {
            throw new IOException(outUri + " exists already; refusing to overwrite a model (choose another --out)");
        }
        Progress progress = new Progress(out, 10_000, "pretrain", (long) train.size() * settings.epochsPerStage());
        for (int epoch = 0; epoch < settings.epochsPerStage(); epoch++) {
            net.setLearningRate(settings.learningRate(epoch));
            List<DataSet> order = new ArrayList<>(train);
            Collections.shuffle(order, new Random(settings.seed() * 31 + epoch));
            for (DataSet b : order) {
                net.fit(b);
                progress.batchesDone(epoch, settings.epochsPerStage(), 1, b.numExamples());
            }
            Net.Metrics v = net.evaluate(validation);
            out.accept(String.format(Locale.ROOT, "pretrain epoch %d/%d  lr %.5f  validation top-1 %.2f%%  loss %.4f",
                    epoch + 1, settings.epochsPerStage(), settings.learningRate(epoch), 100 * v.top1(), v.loss()));
        }
        Net.Metrics t = net.evaluate(test);
        out.accept(String.format(Locale.ROOT, "pretrain done: test top-1 %.2f%%  top-5 %.2f%%  loss %.4f (%d examples)",
                100 * t.top1(), 100 * t.top5(), t.loss(), t.examples()));
        HadoopFiles.writeNew(outUri, net.write(), conf);
        out.accept("wrote " + outUri);
        return t;
    }

}
