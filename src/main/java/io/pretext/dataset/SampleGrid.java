package io.pretext.dataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

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
        Graphics2D g = PictureDrawing.whiteCanvas(grid);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < images.size(); i++) {
                int left = (i % columns) * cell;
                int y = (i / columns) * cellHeight + (CELL - IMAGE) / 2;
                g.drawImage(PictureDrawing.toImage(images.get(i), shape), left + (cell - IMAGE) / 2, y, IMAGE, IMAGE, null);
                g.setColor(Color.DARK_GRAY);
                List<String> text = PictureDrawing.wrap(captions.get(i), metrics, cell - 4, lines);
                for (int line = 0; line < text.size(); line++) {
                    int width = metrics.stringWidth(text.get(line));
                    g.drawString(text.get(line), left + Math.max(2, (cell - width) / 2),
                            y + IMAGE + 14 + line * LINE_HEIGHT);
                }
            }
        } finally {
            g.dispose();
        }
        return PictureDrawing.png(grid);
    }
}
