package io.github.inqspark.cli;

import io.github.inqspark.data.LabeledImages;
import io.github.inqspark.data.SampleImageTree;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Test data: a small ImageNet-style JPEG tree made from an MNIST-layout dataset. */
@Command(name = "sample-tree", mixinStandardHelpOptions = true,
        description = "Write a small ImageNet-style tree of JPEGs (with a few broken files) from Fashion-MNIST, for trying prep.")
final class SampleTreeCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "MNIST-layout folder (Fashion-MNIST: its 10 class names are used)")
    String data;

    @Option(names = "--out", required = true, description = "where the tree goes")
    String out;

    @Option(names = "--train-per-class", defaultValue = "500")
    int trainPerClass;

    @Option(names = "--val-per-class", defaultValue = "100")
    int valPerClass;

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        SampleImageTree.Written w = SampleImageTree.write(LabeledImages.load(data, true, conf),
                LabeledImages.load(data, false, conf), trainPerClass, valPerClass, out, conf);
        System.out.printf("sample tree in %s: %d training and %d validation images (%d greyscale, %d PNG), %d broken files%n",
                out, w.trainImages(), w.valImages(), w.greyscale(), w.png(), w.broken().size());
        return 0;
    }
}
