package io.pretext.dataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageIO;

/** Draws images in a grid, each with its class name underneath, as a PNG. Stateless. */
final class SampleGrid {

    private static final int CELL = 84;
    private static final int IMAGE = 64;
    private static final int LABEL_HEIGHT = 16;

    private SampleGrid() {
    }

    /**
     * @param images uint8 CHW images of {@code shape}
     * @param captions one per image (class name, or the sample index when unlabeled)
     */
    static byte[] png(List<byte[]> images, List<String> captions, List<Integer> shape) throws IOException {
        int columns = Math.max(1, (int) Math.ceil(Math.sqrt(images.size())));
        int rows = Math.max(1, (images.size() + columns - 1) / columns);
        BufferedImage grid = new BufferedImage(columns * CELL, rows * (CELL + LABEL_HEIGHT), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i < images.size(); i++) {
                int x = (i % columns) * CELL + (CELL - IMAGE) / 2;
                int y = (i / columns) * (CELL + LABEL_HEIGHT) + (CELL - IMAGE) / 2;
                g.drawImage(toImage(images.get(i), shape), x, y, IMAGE, IMAGE, null);
                g.setColor(Color.DARK_GRAY);
                String caption = captions.get(i);
                int width = g.getFontMetrics().stringWidth(caption);
                g.drawString(caption, (i % columns) * CELL + Math.max(2, (CELL - width) / 2), y + IMAGE + 14);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grid, "png", out);
        return out.toByteArray();
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
