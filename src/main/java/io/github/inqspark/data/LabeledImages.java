package io.github.inqspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A labelled image set of the MNIST family held as bytes, cut into ND4J minibatches on demand:
 * features [n, 1, rows, cols] scaled to [0, 1], one-hot labels.
 */
public final class LabeledImages {

    public static final int CLASSES = 10;

    private final IdxReader.Images images;
    private final int[] labels;
    private final int from;
    private final int to;

    private LabeledImages(IdxReader.Images images, int[] labels, int from, int to) {
        this.images = images;
        this.labels = labels;
        this.from = from;
        this.to = to;
    }

    /** The training or test split of an MNIST-layout folder (raw or .gz files). */
    public static LabeledImages load(String dir, boolean train, Configuration conf) throws IOException {
        String prefix = train ? "train" : "t10k";
        Path images = find(new Path(dir, prefix + "-images-idx3-ubyte"), conf);
        Path labels = find(new Path(dir, prefix + "-labels-idx1-ubyte"), conf);
        IdxReader.Images im = IdxReader.readImages(images, conf);
        int[] lb = IdxReader.readLabels(labels, conf, CLASSES);
        if (lb.length != im.count()) {
            throw new IOException(labels + " holds " + lb.length + " labels but " + images + " holds "
                    + im.count() + " images");
        }
        return new LabeledImages(im, lb, 0, lb.length);
    }

    private static Path find(Path raw, Configuration conf) throws IOException {
        if (raw.getFileSystem(conf).exists(raw)) {
            return raw;
        }
        Path gz = raw.suffix(".gz");
        if (gz.getFileSystem(conf).exists(gz)) {
            return gz;
        }
        throw new IOException("neither " + raw + " nor " + gz + " exists (run data-prep/fetch-mnist.sh "
                + "or data-prep/fetch-fashion-mnist.sh)");
    }

    public int size() {
        return to - from;
    }

    public int rows() {
        return images.rows();
    }

    public int cols() {
        return images.cols();
    }

    /** The label of example i. */
    public int label(int i) {
        return labels[from + i];
    }

    /** The pixels of example i, row by row, 0..255 in unsigned bytes. */
    public byte[] pixels(int i) {
        int n = images.rows() * images.cols();
        byte[] out = new byte[n];
        System.arraycopy(images.pixels(), (from + i) * n, out, 0, n);
        return out;
    }

    /** Examples [start, end) of this set, sharing the bytes. */
    public LabeledImages slice(int start, int end) {
        if (start < 0 || end > size() || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") of " + size() + " examples");
        }
        return new LabeledImages(images, labels, from + start, from + end);
    }

    /** The minibatch of examples [start, end). */
    public DataSet batch(int start, int end) {
        int n = end - start;
        int pixels = images.rows() * images.cols();
        float[] features = new float[n * pixels];
        float[] oneHot = new float[n * CLASSES];
        byte[] src = images.pixels();
        for (int i = 0; i < n; i++) {
            int ex = from + start + i;
            for (int p = 0; p < pixels; p++) {
                features[i * pixels + p] = (src[ex * pixels + p] & 0xFF) / 255f;
            }
            oneHot[i * CLASSES + labels[ex]] = 1f;
        }
        return new DataSet(Nd4j.create(features, new long[] {n, 1, images.rows(), images.cols()}),
                Nd4j.create(oneHot, new long[] {n, CLASSES}));
    }

    /** All minibatches in order; the last may be smaller. */
    public List<DataSet> batches(int batchSize) {
        List<DataSet> out = new ArrayList<>();
        for (int s = 0; s < size(); s += batchSize) {
            out.add(batch(s, Math.min(size(), s + batchSize)));
        }
        return out;
    }
}
