package io.github.inqspark.data;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.Locale;
import java.util.Random;

/**
 * From a decoded shard image to network input: a crop (random position and horizontal flip for
 * training, the center for evaluation) of {@code crop x crop} pixels, then per-channel
 * normalisation matching the pre-trained model, written channels-first (DL4J's own models) or
 * channels-last (Keras imports).
 *
 * <p>Normalisations: {@code unit} x/255 (RGB); {@code torch-rgb} (x/255 - mean) / std with
 * torchvision's ImageNet mean and std; {@code caffe-bgr} x - mean in BGR order (Caffe, and Keras's
 * VGG16 / ResNet50); {@code inception} x/127.5 - 1 (Keras's MobileNet and Inception).
 */
public record ImageTransform(int crop, String normalization, boolean channelsLast) implements Serializable {

    public ImageTransform {
        if (crop < 1) {
            throw new IllegalArgumentException("crop must be >= 1, found " + crop);
        }
        params(normalization); // validates the name
    }

    /** mean[3], std[3] in the output channel order, the input scale, and whether channels are BGR. */
    private record Params(float[] mean, float[] std, float scale, boolean bgr) {
    }

    private static Params params(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "unit" -> new Params(new float[] {0, 0, 0}, new float[] {1, 1, 1}, 1 / 255f, false);
            case "torch-rgb" -> new Params(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f},
                    1 / 255f, false);
            case "caffe-bgr" -> new Params(new float[] {103.939f, 116.779f, 123.68f}, new float[] {1, 1, 1}, 1f, true);
            case "inception" -> new Params(new float[] {1, 1, 1}, new float[] {1, 1, 1}, 1 / 127.5f, false);
            default -> throw new IllegalArgumentException("unknown normalization '" + name
                    + "': expected unit, torch-rgb, caffe-bgr or inception");
        };
    }

    /**
     * Writes image i of a batch into {@code out} ({@code 3 * crop * crop} floats per image). A
     * non-null {@code rnd} picks a random crop and flips half the images; null takes the center.
     */
    public void write(BufferedImage img, Random rnd, float[] out, int i) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (w < crop || h < crop) {
            throw new IllegalArgumentException("image of " + w + "x" + h + " is smaller than the " + crop + " crop");
        }
        int x0 = rnd != null ? rnd.nextInt(w - crop + 1) : (w - crop) / 2;
        int y0 = rnd != null ? rnd.nextInt(h - crop + 1) : (h - crop) / 2;
        boolean flip = rnd != null && rnd.nextBoolean();
        Params p = params(normalization);
        int[] row = new int[crop];
        int plane = crop * crop;
        int base = i * 3 * plane;
        for (int y = 0; y < crop; y++) {
            img.getRGB(x0, y0 + y, crop, 1, row, 0, crop);
            for (int x = 0; x < crop; x++) {
                int argb = row[flip ? crop - 1 - x : x];
                int r = (argb >> 16) & 0xFF;
                int g = (argb >> 8) & 0xFF;
                int b = argb & 0xFF;
                int c0 = p.bgr ? b : r;
                int c2 = p.bgr ? r : b;
                float v0 = (c0 * p.scale - p.mean[0]) / p.std[0];
                float v1 = (g * p.scale - p.mean[1]) / p.std[1];
                float v2 = (c2 * p.scale - p.mean[2]) / p.std[2];
                int px = y * crop + x;
                if (channelsLast) {
                    out[base + 3 * px] = v0;
                    out[base + 3 * px + 1] = v1;
                    out[base + 3 * px + 2] = v2;
                } else {
                    out[base + px] = v0;
                    out[base + plane + px] = v1;
                    out[base + 2 * plane + px] = v2;
                }
            }
        }
    }

    /** The shape of a batch of n images. */
    public long[] shape(int n) {
        return channelsLast ? new long[] {n, crop, crop, 3} : new long[] {n, 3, crop, crop};
    }
}
