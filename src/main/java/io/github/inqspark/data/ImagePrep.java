package io.github.inqspark.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The data-prep step for one image file: decode it (JPEG, or any other format ImageIO reads, which
 * is converted), bring it to 8-bit RGB (greyscale and palette images are converted), resize it so
 * its short side is {@code shortSide} pixels, and re-encode it as a JPEG for the shard. Files that
 * cannot be used are refused with a {@link BadImageException} naming why; a truncated JPEG (the
 * decoder warns and fills the rest with grey) counts as corrupt.
 */
public final class ImagePrep {

    /** What was done to an accepted image besides resizing, for the manifest's counts. */
    public enum Conversion { NONE, GREYSCALE_TO_RGB, NON_JPEG_TO_JPEG }

    public record Prepared(byte[] jpeg, int width, int height, Conversion conversion) {
    }

    /** An input file that cannot become a training image; the message says why. */
    public static final class BadImageException extends Exception {
        public BadImageException(String reason) {
            super(reason);
        }
    }

    private ImagePrep() {
    }

    public static Prepared prepare(byte[] file, int shortSide, float quality) throws BadImageException {
        BufferedImage src = decode(file);
        Conversion conversion = isJpeg(file) ? Conversion.NONE : Conversion.NON_JPEG_TO_JPEG;
        if (conversion == Conversion.NONE && src.getColorModel().getNumColorComponents() == 1) {
            conversion = Conversion.GREYSCALE_TO_RGB;
        }
        BufferedImage rgb = resizeShortSide(src, shortSide);
        return new Prepared(encodeJpeg(rgb, quality), rgb.getWidth(), rgb.getHeight(), conversion);
    }

    static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    /** Decodes with ImageIO; decoder warnings (truncation, bad Huffman codes) make the file corrupt. */
    static BufferedImage decode(byte[] file) throws BadImageException {
        if (file.length == 0) {
            throw new BadImageException("empty file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException("not an image format this reader knows");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new BadImageException("corrupt " + reader.getFormatName() + ": " + warnings.get(0));
                }
                if (img.getWidth() < 1 || img.getHeight() < 1) {
                    throw new BadImageException("image has no pixels");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (javax.imageio.IIOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Unsupported Image Type")) {
                throw new BadImageException("CMYK or YCCK JPEG, which this decoder does not convert");
            }
            throw new BadImageException("corrupt image: " + m);
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders signal some malformed streams with runtime exceptions
            throw new BadImageException("corrupt image: " + e);
        }
    }

    /** Bilinear, in halving steps for large reductions so the result is not aliased. */
    static BufferedImage resizeShortSide(BufferedImage src, int shortSide) {
        BufferedImage cur = toRgb(src);
        int w = cur.getWidth();
        int h = cur.getHeight();
        double scale = (double) shortSide / Math.min(w, h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        while (cur.getWidth() / 2 >= tw && cur.getHeight() / 2 >= th) {
            cur = scaled(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        return cur.getWidth() == tw && cur.getHeight() == th ? cur : scaled(cur, tw, th);
    }

    private static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return src;
        }
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(src, 0, 0, null); // greyscale, palette and alpha images become opaque RGB
        g.dispose();
        return rgb;
    }

    private static BufferedImage scaled(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }

    static byte[] encodeJpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("JPEG encoding in memory failed", e);
        } finally {
            writer.dispose();
        }
    }
}
