package io.pretext.dataset;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * What the pictures of images with text share: stored images as AWT images, and captions wrapped
 * to a width. Stateless.
 */
public final class PictureDrawing {

    private PictureDrawing() {
    }

    /**
     * Starts drawing on {@code picture}: filled white, pixels scaled without smoothing, text
     * antialiased. The caller disposes of the graphics.
     */
    public static Graphics2D whiteCanvas(BufferedImage picture) {
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** {@code picture} as PNG bytes. */
    public static byte[] png(BufferedImage picture) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        return out.toByteArray();
    }

    /**
     * Greedy word wrap into at most {@code maxLines} lines of {@code width} pixels; the last line
     * ends in an ellipsis when text is left over. A single line is never cut (class names).
     */
    public static List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
        if (maxLines == 1) {
            return List.of(text);
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.strip().split("\\s+");
        for (int w = 0; w < words.length; w++) {
            String candidate = line.isEmpty() ? words[w] : line + " " + words[w];
            if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            lines.add(line.toString());
            line.setLength(0);
            line.append(words[w]);
            if (lines.size() == maxLines - 1) {
                String rest = String.join(" ", java.util.Arrays.copyOfRange(words, w, words.length));
                lines.add(fit(rest, metrics, width));
                return lines;
            }
        }
        lines.add(fit(line.toString(), metrics, width));
        return lines;
    }

    /** {@code text}, cut with an ellipsis to fit {@code width} pixels. */
    private static String fit(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "\u2026") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut.stripTrailing() + "\u2026";
    }

    /**
     * An uint8 CHW image (1 or 3 channels) of {@code shape} as an RGB picture.
     */
    public static BufferedImage toImage(byte[] chw, List<Integer> shape) {
        int c = shape.get(0);
        int h = shape.get(1);
        int w = shape.get(2);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = chw[i] & 0xff;
                int gr = c == 3 ? chw[plane + i] & 0xff : r;
                int b = c == 3 ? chw[2 * plane + i] & 0xff : r;
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }
}
