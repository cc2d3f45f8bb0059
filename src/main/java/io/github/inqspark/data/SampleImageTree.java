package io.github.inqspark.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A small ImageNet-style tree of real JPEG images made from an MNIST-layout dataset (Fashion-MNIST
 * in the tests), to drive the ImageNet path end to end where ImageNet itself is not reachable:
 * {@code train/<class>/*.JPEG}, {@code val/*.JPEG}, the validation ground truth in both supported
 * forms ({@code val_labels.txt}, {@code LOC_val_solution.csv}). Images are upscaled to 36x40 and
 * tinted, so they are real colour JPEGs of a non-square size; some are deliberately different:
 * every 17th is a greyscale JPEG, every 23rd a PNG, and a few files are broken (empty, truncated,
 * not an image), as in real crawls.
 */
public final class SampleImageTree {

    /** Fashion-MNIST's classes, prefixed so the sorted folder order is the dataset's label order. */
    public static final List<String> FASHION_CLASSES = List.of("c0-tshirt", "c1-trouser", "c2-pullover", "c3-dress",
            "c4-coat", "c5-sandal", "c6-shirt", "c7-sneaker", "c8-bag", "c9-ankle-boot");

    /** What was written, so a test can check data-prep's counts exactly. */
    public record Written(int trainImages, int valImages, int greyscale, int png, List<String> broken) {
    }

    private SampleImageTree() {
    }

    public static Written write(LabeledImages train, LabeledImages val, int trainPerClass, int valPerClass, String root,
                                Configuration conf) throws IOException {
        FileSystem fs = new Path(root).getFileSystem(conf);
        int[] counts = new int[FASHION_CLASSES.size()];
        int[] stats = new int[2];
        int written = 0;
        for (int i = 0; i < train.size() && written < trainPerClass * counts.length; i++) {
            int c = train.label(i);
            if (counts[c] == trainPerClass) {
                continue;
            }
            String stem = String.format(Locale.ROOT, "%s_%05d", FASHION_CLASSES.get(c), counts[c]++);
            writeImage(fs, new Path(root, "train/" + FASHION_CLASSES.get(c)), stem, train.pixels(i), train, written++, stats);
        }
        List<String> broken = new ArrayList<>();
        broken.add(writeRaw(fs, new Path(root, "train/c0-tshirt/broken_empty.JPEG"), new byte[0]));
        broken.add(writeRaw(fs, new Path(root, "train/c1-trouser/broken_not_an_image.JPEG"),
                "<html>404 Not Found</html>".getBytes(StandardCharsets.US_ASCII)));
        byte[] whole = jpeg(image(train.pixels(0), train, 0, false));
        broken.add(writeRaw(fs, new Path(root, "train/c2-pullover/broken_truncated.JPEG"),
                java.util.Arrays.copyOf(whole, whole.length / 2)));

        StringBuilder labels = new StringBuilder();
        StringBuilder csv = new StringBuilder("ImageId,PredictionString\n");
        int[] valCounts = new int[counts.length];
        int v = 0;
        int good = 0;
        for (int i = 0; i < val.size() && good < valPerClass * counts.length; i++) {
            int c = val.label(i);
            if (valCounts[c] == valPerClass) {
                continue;
            }
            valCounts[c]++;
            String stem = String.format(Locale.ROOT, "val_%08d", ++v);
            String name = writeImage(fs, new Path(root, "val"), stem, val.pixels(i), val, written + good++, stats);
            labels.append(FASHION_CLASSES.get(c)).append('\n');
            csv.append(name, 0, name.lastIndexOf('.')).append(',').append(FASHION_CLASSES.get(c)).append(" 1 1 35 39\n");
        }
        String truncated = String.format(Locale.ROOT, "val_%08d", ++v) + ".JPEG";
        broken.add(writeRaw(fs, new Path(root, "val/" + truncated), java.util.Arrays.copyOf(whole, whole.length / 3)));
        labels.append(FASHION_CLASSES.get(train.label(0))).append('\n');
        csv.append(truncated, 0, truncated.length() - 5).append(',').append(FASHION_CLASSES.get(train.label(0))).append(" 1 1 35 39\n");
        writeRaw(fs, new Path(root, "val_labels.txt"), labels.toString().getBytes(StandardCharsets.UTF_8));
        writeRaw(fs, new Path(root, "LOC_val_solution.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        return new Written(written, good, stats[0], stats[1], broken);
    }

    private static String writeImage(FileSystem fs, Path dir, String stem, byte[] pixels, LabeledImages set, int n,
                                     int[] stats) throws IOException {
        boolean grey = n % 17 == 16;
        boolean png = !grey && n % 23 == 22;
        BufferedImage img = image(pixels, set, n, grey);
        String name = stem + (png ? ".png" : ".JPEG");
        if (png) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(img, "png", b);
            writeRaw(fs, new Path(dir, name), b.toByteArray());
            stats[1]++;
        } else {
            writeRaw(fs, new Path(dir, name), jpeg(img));
            stats[0] += grey ? 1 : 0;
        }
        return name;
    }

    /** The 28x28 image upscaled to 36 wide, 40 high, tinted by n unless greyscale. */
    private static BufferedImage image(byte[] pixels, LabeledImages set, int n, boolean grey) {
        int w = 36;
        int h = 40;
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        float[] tint = {1f, 0.6f + 0.4f * ((n * 7) % 5) / 4f, 0.5f + 0.5f * ((n * 3) % 4) / 3f};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = pixels[(y * set.rows() / h) * set.cols() + x * set.cols() / w] & 0xFF;
                int r = Math.round(p * tint[0]);
                int g = Math.round(p * tint[1]);
                int b = Math.round(p * tint[2]);
                img.setRGB(x, y, grey ? (p << 16) | (p << 8) | p : (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static byte[] jpeg(BufferedImage img) {
        return ImagePrep.encodeJpeg(img, 0.92f);
    }

    private static String writeRaw(FileSystem fs, Path p, byte[] bytes) throws IOException {
        try (OutputStream o = fs.create(p, true)) {
            o.write(bytes);
        }
        return p.toString();
    }
}
