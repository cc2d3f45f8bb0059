package io.github.inqspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Crops, flips, layouts and normalisations against hand-computed values. */
class ImageTransformTest {

    /** 4 wide, 3 high; pixel (x, y) = (r, g, b) = (10x + y, 100 + x, 200 + y). */
    static BufferedImage image() {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, ((10 * x + y) << 16) | ((100 + x) << 8) | (200 + y));
            }
        }
        return img;
    }

    @Test
    void centerCropChannelsFirstUnit() {
        float[] out = new float[12];
        new ImageTransform(2, "unit", false).write(image(), null, out, 0);
        // center 2x2 of a 4x3 image starts at x = 1, y = 0
        float[] r = {10, 20, 11, 21};
        float[] g = {101, 102, 101, 102};
        float[] b = {200, 200, 201, 201};
        for (int i = 0; i < 4; i++) {
            assertEquals(r[i] / 255f, out[i], 1e-7);
            assertEquals(g[i] / 255f, out[4 + i], 1e-7);
            assertEquals(b[i] / 255f, out[8 + i], 1e-7);
        }
    }

    @Test
    void caffeBgrChannelsLast() {
        float[] out = new float[12];
        new ImageTransform(2, "caffe-bgr", true).write(image(), null, out, 0);
        // pixel (1, 0): B 200, G 101, R 10, minus the BGR means
        assertArrayEquals(new float[] {200 - 103.939f, 101 - 116.779f, 10 - 123.68f}, new float[] {out[0], out[1], out[2]}, 1e-4f);
    }

    @Test
    void torchRgbAndInception() {
        float[] out = new float[3];
        new ImageTransform(1, "torch-rgb", false).write(image(), null, out, 0);
        // 1x1 center of 4x3: (1, 1) -> r 11, g 101, b 201
        assertEquals((11 / 255f - 0.485f) / 0.229f, out[0], 1e-5);
        assertEquals((101 / 255f - 0.456f) / 0.224f, out[1], 1e-5);
        assertEquals((201 / 255f - 0.406f) / 0.225f, out[2], 1e-5);
        new ImageTransform(1, "inception", false).write(image(), null, out, 0);
        assertEquals(11 / 127.5f - 1, out[0], 1e-6);
    }

    @Test
    void randomCropsCoverEveryPositionAndFlip() {
        Set<String> seen = new HashSet<>();
        Random rnd = new Random(5);
        float[] out = new float[12];
        for (int i = 0; i < 400; i++) {
            new ImageTransform(2, "unit", false).write(image(), rnd, out, 0);
            seen.add(Math.round(out[0] * 255) + "," + Math.round(out[1] * 255));
        }
        // 3 x positions x 2 y positions x 2 flips: (left, right) red pairs
        assertEquals(12, seen.size(), seen.toString());
    }

    @Test
    void badSettingsAndSmallImagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImageTransform(224, "imagenet", false));
        assertThrows(IllegalArgumentException.class, () -> new ImageTransform(0, "unit", false));
        assertThrows(IllegalArgumentException.class, () -> new ImageTransform(4, "unit", false).write(image(), null, new float[48], 0));
    }
}
