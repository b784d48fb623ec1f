package io.pretext.training.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

import io.pretext.dataset.PictureDrawing;

/**
 * Draws text-to-image retrieval as a PNG: one row per query, its caption on the left and the images
 * retrieved for it to the right, best first, the query's own image framed in green. Stateless.
 */
public final class RetrievalPicture {

    private static final int IMAGE = 64;
    private static final int CELL = 76;
    private static final int TEXT_WIDTH = 280;
    private static final int LINE_HEIGHT = 14;
    private static final int LINES = 5;
    private static final int TITLE = 28;
    private static final Color HIT = new Color(0x00, 0x9E, 0x73);

    /**
     * One query.
     *
     * @param text the caption searched for
     * @param images the retrieved images, best first, uint8 CHW
     * @param own whether each retrieved image is the caption's own
     */
    public record Row(String text, List<byte[]> images, List<Boolean> own) {
    }

    private RetrievalPicture() {
    }

    /**
     * @param title drawn above the rows
     * @param shape the images' {@code [channels, height, width]}
     */
    public static byte[] png(String title, List<Row> rows, List<Integer> shape) throws IOException {
        int columns = rows.stream().mapToInt(r -> r.images().size()).max().orElse(0);
        int rowHeight = Math.max(CELL, LINES * LINE_HEIGHT + 8);
        BufferedImage picture = new BufferedImage(TEXT_WIDTH + columns * CELL + 8,
                TITLE + rows.size() * rowHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = PictureDrawing.whiteCanvas(picture);
        try {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(title, 8, 19);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics metrics = g.getFontMetrics();
            g.setStroke(new BasicStroke(3));
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                int top = TITLE + r * rowHeight;
                g.setColor(Color.DARK_GRAY);
                List<String> lines = PictureDrawing.wrap("\u201c" + row.text() + "\u201d", metrics, TEXT_WIDTH - 16,
                        LINES);
                for (int line = 0; line < lines.size(); line++) {
                    g.drawString(lines.get(line), 8, top + 16 + line * LINE_HEIGHT);
                }
                for (int i = 0; i < row.images().size(); i++) {
                    int x = TEXT_WIDTH + i * CELL + (CELL - IMAGE) / 2;
                    int y = top + (CELL - IMAGE) / 2;
                    g.drawImage(PictureDrawing.toImage(row.images().get(i), shape), x, y, IMAGE, IMAGE, null);
                    if (row.own().get(i)) {
                        g.setColor(HIT);
                        g.drawRect(x - 3, y - 3, IMAGE + 5, IMAGE + 5);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return PictureDrawing.png(picture);
    }
}
