package io.github.inqspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.testutil.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** IDX files as MNIST and Fashion-MNIST ship them (raw and gzipped), and the ways they break. */
class IdxReaderTest {

    static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    /** The first n images and labels of the real MNIST training split, as IDX bytes. */
    static byte[][] realSlice(int n) throws IOException {
        Path mnist = Path.of(TestData.mnistDir());
        byte[] images = Files.readAllBytes(mnist.resolve("train-images-idx3-ubyte"));
        byte[] labels = Files.readAllBytes(mnist.resolve("train-labels-idx1-ubyte"));
        byte[] im = Arrays.copyOf(images, 16 + n * 784);
        ByteBuffer.wrap(im, 4, 4).putInt(n);
        byte[] lb = Arrays.copyOf(labels, 8 + n);
        ByteBuffer.wrap(lb, 4, 4).putInt(n);
        return new byte[][] {im, lb};
    }

    void write(String name, byte[] data, boolean gzip) throws IOException {
        if (gzip) {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))) {
                o.write(data);
            }
        } else {
            Files.write(dir.resolve(name), data);
        }
    }

    @Test
    void rawAndGzippedFilesGiveTheSameBatches() throws IOException {
        byte[][] s = realSlice(100);
        write("train-images-idx3-ubyte", s[0], false);
        write("train-labels-idx1-ubyte", s[1], false);
        Path gzDir = Files.createDirectory(dir.resolve("gz"));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gzDir.resolve("train-images-idx3-ubyte.gz")))) {
            o.write(s[0]);
        }
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gzDir.resolve("train-labels-idx1-ubyte.gz")))) {
            o.write(s[1]);
        }
        LabeledImages raw = LabeledImages.load(dir.toUri().toString(), true, CONF);
        LabeledImages gz = LabeledImages.load(gzDir.toUri().toString(), true, CONF);
        assertEquals(100, raw.size());
        DataSet a = raw.batch(0, 100);
        DataSet b = gz.batch(0, 100);
        assertArrayEquals(a.getFeatures().data().asFloat(), b.getFeatures().data().asFloat());
        assertArrayEquals(new long[] {100, 1, 28, 28}, a.getFeatures().shape());
        assertEquals(5, a.getLabels().getRow(0).argMax().getInt(0)); // MNIST's first training label is 5
        assertTrue(a.getFeatures().maxNumber().floatValue() <= 1f && a.getFeatures().minNumber().floatValue() >= 0f);
    }

    @Test
    void brokenFilesAreRefusedWithTheFileAndTheProblem() throws IOException {
        byte[][] s = realSlice(10);
        assertMessage(() -> LabeledImages.load(dir.toUri().toString(), true, CONF), "neither", "fetch-mnist");

        byte[] badMagic = s[0].clone();
        badMagic[3] = 1;
        write("train-images-idx3-ubyte", badMagic, false);
        write("train-labels-idx1-ubyte", s[1], false);
        assertMessage(() -> loadTrain(), "train-images-idx3-ubyte", "not an IDX file of rank 3");

        write("train-images-idx3-ubyte", Arrays.copyOf(s[0], s[0].length - 5), false);
        assertMessage(() -> loadTrain(), "train-images-idx3-ubyte", "truncated");

        write("train-images-idx3-ubyte", Arrays.copyOf(s[0], s[0].length + 3), false);
        assertMessage(() -> loadTrain(), "longer than its header says");

        write("train-images-idx3-ubyte", new byte[0], false);
        assertMessage(() -> loadTrain(), "empty or truncated IDX header");

        write("train-images-idx3-ubyte", s[0], false);
        byte[] badLabel = s[1].clone();
        badLabel[8 + 7] = 12;
        write("train-labels-idx1-ubyte", badLabel, false);
        assertMessage(() -> loadTrain(), "label 12 at index 7", "10 classes");

        write("train-labels-idx1-ubyte", realSlice(9)[1], false);
        assertMessage(() -> loadTrain(), "9 labels", "10 images");
    }

    void loadTrain() throws IOException {
        LabeledImages.load(dir.toUri().toString(), true, CONF);
    }

    interface Io {
        void run() throws IOException;
    }

    static void assertMessage(Io r, String... parts) {
        IOException e = assertThrows(IOException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
        }
    }
}
