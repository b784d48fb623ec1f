package io.pretext.dataset;

import java.awt.Color;
import java.awt.Font;
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
 * Draws images in a grid, each with its class name (or, for captioned images, up to three wrapped
 * lines of its caption) underneath, as a PNG. Stateless.
 */
final class SampleGrid {

    private static final int CELL = 84;
    private static final int CAPTIONED_CELL = 150;
    private static final int IMAGE = 64;
    private static final int LINE_HEIGHT = 14;
    private static final int CAPTION_LINES = 3;

    private SampleGrid() {
    }

    /**
     * @param images uint8 CHW images of {@code shape}
     * @param captions one per image (class name, or the sample index when unlabeled)
     */
    static byte[] png(List<byte[]> images, List<String> captions, List<Integer> shape) throws IOException {
        return png(images, captions, shape, false);
    }

    /**
     * @param captioned whether {@code captions} are image captions: wider cells and wrapped text
     */
    static byte[] png(List<byte[]> images, List<String> captions, List<Integer> shape, boolean captioned)
            throws IOException {
        int cell = captioned ? CAPTIONED_CELL : CELL;
        int lines = captioned ? CAPTION_LINES : 1;
        int cellHeight = CELL + 2 + lines * LINE_HEIGHT;
        int columns = Math.max(1, (int) Math.ceil(Math.sqrt(images.size())));
        int rows = Math.max(1, (images.size() + columns - 1) / columns);
        BufferedImage grid = new BufferedImage(columns * cell, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < images.size(); i++) {
                int left = (i % columns) * cell;
                int y = (i / columns) * cellHeight + (CELL - IMAGE) / 2;
                g.drawImage(toImage(images.get(i), shape), left + (cell - IMAGE) / 2, y, IMAGE, IMAGE, null);
                g.setColor(Color.DARK_GRAY);
                List<String> text = wrap(captions.get(i), metrics, cell - 4, lines);
                for (int line = 0; line < text.size(); line++) {
                    int width = metrics.stringWidth(text.get(line));
                    g.drawString(text.get(line), left + Math.max(2, (cell - width) / 2),
                            y + IMAGE + 14 + line * LINE_HEIGHT);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grid, "png", out);
        return out.toByteArray();
    }

    /**
     * Greedy word wrap into at most {@code maxLines} lines of {@code width} pixels; the last line
     * ends in an ellipsis when text is left over. A single line is never cut (class names).
     */
    static List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
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

    private static BufferedImage toImage(byte[] chw, List<Integer> shape) {
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
