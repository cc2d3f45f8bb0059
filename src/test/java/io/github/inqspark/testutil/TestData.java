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
