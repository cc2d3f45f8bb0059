package io.github.inqspark.testutil;

import io.github.inqspark.data.LabeledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/** The real datasets the tests use, fetched by .ci/run (data-prep/fetch-*.sh) into data/. */
public final class TestData {

    private static LabeledImages mnistTrain;
    private static LabeledImages mnistTest;

    private TestData() {
    }

    public static String mnistDir() {
        Path dir = Path.of(System.getProperty("inq.data", "data"), "mnist").toAbsolutePath();
        if (!Files.exists(dir.resolve("train-images-idx3-ubyte"))) {
            throw new IllegalStateException("MNIST is missing in " + dir + ": run data-prep/fetch-mnist.sh");
        }
        return dir.toString();
    }

    /** The real pre-trained Keras MobileNetV2 built by data-prep/fetch-mobilenet-v2.sh. */
    public static Path mobileNetV2() {
        return required(Path.of(System.getProperty("inq.data", "data"), "mobilenet_v2", "mobilenet_v2.h5"),
                "data-prep/fetch-mobilenet-v2.sh");
    }

    /** The Fashion-MNIST folder linked by data-prep/fetch-fashion-mnist.sh. */
    public static String fashionMnistDir() {
        Path dir = Path.of(System.getProperty("inq.data", "data"), "fashion-mnist");
        return required(dir.resolve("train-images-idx3-ubyte.gz"), "data-prep/fetch-fashion-mnist.sh")
                .getParent().toAbsolutePath().toString();
    }

    private static Path required(Path file, String script) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " is missing: run " + script);
        }
        return file.toAbsolutePath();
    }

    public static synchronized LabeledImages mnistTrain() {
        if (mnistTrain == null) {
            mnistTrain = load(true);
        }
        return mnistTrain;
    }

    public static synchronized LabeledImages mnistTest() {
        if (mnistTest == null) {
            mnistTest = load(false);
        }
        return mnistTest;
    }

    private static LabeledImages load(boolean train) {
        try {
            return LabeledImages.load("file://" + mnistDir(), train, new Configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
