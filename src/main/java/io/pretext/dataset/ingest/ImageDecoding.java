package io.pretext.dataset.ingest;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * PNG and JPEG decoding into uint8 CHW arrays, with header-only probing. Stateless, thread-safe.
 * Exposed to other modules (inference decodes request images the way datasets decode theirs).
 */
@org.springframework.modulith.NamedInterface("images")
public final class ImageDecoding {

    /** What an image's header says: size in pixels and colour components (1 or 3). */
    public record Header(int width, int height, int colorComponents) {
    }

    private ImageDecoding() {
    }

    /** Whether the bytes start like a PNG or JPEG file (magic numbers only). */
    public static boolean isPngOrJpeg(byte[] bytes) {
        return bytes.length > 3 && ((bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
                || (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8 && (bytes[2] & 0xff) == 0xFF);
    }

    /** Reads the size and colour components without decoding pixels; null when unreadable. */
    public static Header header(byte[] bytes) {
        try (ImageInputStream in = inMemory(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                int components = types.hasNext() ? types.next().getColorModel().getNumColorComponents() : 3;
                return new Header(reader.getWidth(0), reader.getHeight(0), components >= 3 ? 3 : 1);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Decodes PNG or JPEG bytes into {@code channels} (1 = luminance, 3 = RGB) uint8 CHW, ignoring
     * alpha.
     *
     * @return the pixels, or null when the bytes are not a decodable image
     */
    public static byte[] decodeChw(byte[] bytes, int channels) {
        BufferedImage image;
        try {
            image = ImageIO.read(inMemory(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (image == null) {
            return null;
        }
        return toChw(image, channels);
    }

    /**
     * The bytes as an image stream cached in memory. ImageIO's own streams over an input stream
     * cache in a temporary file by default: a file created, written and deleted for every image
     * decoded, on the request path of inference.
     */
    private static ImageInputStream inMemory(byte[] bytes) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }

    /** Converts any image to uint8 CHW with 1 (luminance) or 3 (RGB) channels. */
    public static byte[] toChw(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        if (channels == 1 && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return graySamples(image.getRaster(), image.getColorModel().getComponentSize(0));
        }
        byte[] chw = new byte[channels * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int i = y * w + x;
                if (channels == 1) {
                    chw[i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    chw[i] = (byte) r;
                    chw[plane + i] = (byte) g;
                    chw[2 * plane + i] = (byte) b;
                }
            }
        }
        return chw;
    }

    /**
     * Gray pixels straight from the raster: getRGB would run them through a linear-to-sRGB
     * conversion and change every value.
     */
    private static byte[] graySamples(Raster raster, int bits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] samples = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
        byte[] out = new byte[samples.length];
        int shift = Math.max(0, bits - 8);
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) (samples[i] >> shift);
        }
        return out;
    }
}
