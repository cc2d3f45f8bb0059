package io.github.inqspark.bench;

import io.github.inqspark.data.ImagePrep;
import io.github.inqspark.data.ImageTransform;
import io.github.inqspark.data.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;

/**
 * Decode + augment throughput of the training input path on one thread (one core): shard JPEGs of
 * ImageNet's prepared size (short side 256, 341 wide; encoded by ImageIO.write at its default
 * quality, 0.75, where prep writes 0.9) decoded with ImageIO, then a
 * random 224 crop, flip and torch-rgb normalisation into the batch array. ImageNet photos are not
 * reachable here, so the images are Fashion-MNIST pictures upscaled with per-pixel noise added, which
 * gives JPEG sizes in ImageNet's range (printed). Also times data-prep's per-image work
 * (decode, resize to the short side, re-encode) from 500x375 sources, ImageNet's typical size.
 * Args: images (default 400). Run by jobs/bench-decode.sh; not part of the test suite.
 */
public final class DecodeBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        LabeledImages src = LabeledImages.load(args.length > 1 ? args[1] : "data/fashion-mnist", true, new Configuration());
        Random rnd = new Random(1);
        List<byte[]> shardJpegs = new ArrayList<>();
        List<byte[]> sources = new ArrayList<>();
        long shardBytes = 0;
        long sourceBytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] s = jpeg(texture(src, i, 500, 375, rnd));
            sources.add(s);
            sourceBytes += s.length;
            byte[] j = jpeg(texture(src, i, 341, 256, rnd));
            shardJpegs.add(j);
            shardBytes += j.length;
        }
        System.out.printf(Locale.ROOT, "%d images; mean JPEG size: source 500x375 %,d bytes, shard 341x256 %,d bytes%n",
                n, sourceBytes / n, shardBytes / n);

        ImageTransform t = new ImageTransform(224, "torch-rgb", false);
        float[] out = new float[3 * 224 * 224];
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (byte[] j : shardJpegs) {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(j));
                t.write(img, rnd, out, 0);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "train input (decode 341x256 + crop 224 + flip + normalise): %.1f images/s on one thread%n", n / s);
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            for (byte[] s : sources) {
                ImagePrep.prepare(s, 256, 0.9f);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "data-prep (decode 500x375, resize to short side 256, re-encode): %.1f images/s on one thread%n", n / s);
        }
    }

    /** A Fashion-MNIST picture scaled to w x h in colour, with pixel noise for photo-like entropy. */
    static BufferedImage texture(LabeledImages src, int i, int w, int h, Random rnd) {
        byte[] p = src.pixels(i % src.size());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = p[(y * 28 / h) * 28 + x * 28 / w] & 0xFF;
                int r = clamp(v + (int) (rnd.nextGaussian() * 18) + x / 4);
                int g = clamp(v + (int) (rnd.nextGaussian() * 18) + y / 4);
                int b = clamp(v / 2 + (int) (rnd.nextGaussian() * 18) + 40);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] jpeg(BufferedImage img) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", b);
        return b.toByteArray();
    }
}
