package io.github.inqspark.cli;

import io.github.inqspark.data.LabeledImages;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.pipeline.PretrainJob;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.train.TrainSettings;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains an FP32 reference network on an MNIST-layout dataset, for INQ to start from. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train the FP32 reference (LeNet-5-style or small ResNet) on MNIST or Fashion-MNIST.")
final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "MNIST-layout folder (IDX files, raw or .gz)")
    String data;

    @Option(names = "--arch", defaultValue = "lenet", description = "lenet | resnet (default: ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--resnet-width", defaultValue = "16", description = "resnet: channels of the first block (default: ${DEFAULT-VALUE})")
    int resnetWidth;

    @Option(names = "--resnet-blocks", defaultValue = "2", description = "resnet: residual blocks per width (default: ${DEFAULT-VALUE})")
    int resnetBlocks;

    @Option(names = "--from", description = "continue training this FP32 model (any Hadoop path) instead of a new"
            + " --arch network, e.g. the fine-tuned control of INQ's extra epochs")
    String from;

    @Option(names = "--out", required = true, description = "where to write the model (DL4J zip, any Hadoop path)")
    String out;

    @Option(names = "--result", description = "also write the test result as JSON here (the format of `evaluate --out`)")
    String result;

    @Option(names = "--epochs", defaultValue = "3")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.01")
    double learningRate;

    @Option(names = "--decay-per-epoch", defaultValue = "0.5")
    double decay;

    @Option(names = "--train-examples", defaultValue = "0", description = "use only the first N (0: all)")
    int trainExamples;

    @Option(names = "--validation-examples", defaultValue = "5000",
            description = "held out from the end of the training split for choices (default: ${DEFAULT-VALUE})")
    int validationExamples;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        LabeledImages all = LabeledImages.load(data, true, conf);
        if (validationExamples <= 0 || validationExamples >= all.size()) {
            throw new IllegalArgumentException("--validation-examples must be in 1.." + (all.size() - 1));
        }
        LabeledImages train = all.slice(0, all.size() - validationExamples);
        if (trainExamples > 0) {
            train = train.slice(0, Math.min(trainExamples, train.size()));
        }
        LabeledImages validation = all.slice(all.size() - validationExamples, all.size());
        LabeledImages test = LabeledImages.load(data, false, conf);
        Net net = from != null ? Net.read(HadoopFiles.read(from, "model file", conf), from) : switch (arch) {
            case "lenet" -> Net.of(Architectures.lenet(all.rows(), all.cols(), 1, LabeledImages.CLASSES, seed));
            case "resnet" -> Net.of(Architectures.smallResNet(all.rows(), all.cols(), 1, LabeledImages.CLASSES,
                    resnetBlocks, resnetWidth, seed));
            default -> throw new IllegalArgumentException("--arch must be lenet or resnet, found '" + arch + "'");
        };
        System.out.printf("pretrain %s on %s: %d training, %d validation, %d test examples%n", from != null ? "(continued)" : arch, data,
                train.size(), validation.size(), test.size());
        if (from != null) {
            System.out.println("continuing from " + from + " (" + net.numParams() + " parameters; --arch ignored)");
        }
        Net.Metrics m = PretrainJob.run(net, train.batches(batchSize), validation.batches(500), test.batches(500),
                new TrainSettings(epochs, batchSize, learningRate, decay, seed), out, conf, System.out::println);
        if (result != null) {
            EvaluateCommand.writeResult(result, out, data, m, conf);
        }
        return 0;
    }
}
