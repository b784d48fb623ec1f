package io.pretext.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class SampleGridTest {

    private static final FontMetrics METRICS = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
            .getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 11));

    @Test
    void a_long_caption_wraps_into_three_lines_that_fit_and_ends_in_an_ellipsis() {
        String caption = "Graphical program used to map gamepad buttons to keyboard, mouse, scripts and macros, "
                + "and much more that will not fit";

        List<String> lines = PictureDrawing.wrap(caption, METRICS, 146, 3);

        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(METRICS.stringWidth(l)).isLessThanOrEqualTo(146));
        assertThat(lines.get(0)).startsWith("Graphical program");
        assertThat(lines.get(2)).endsWith("\u2026");
        assertThat(String.join(" ", lines).replace("\u2026", "")).isSubstringOf(caption);
    }

    @Test
    void a_short_caption_stays_one_line_and_a_class_name_is_never_cut() {
        assertThat(PictureDrawing.wrap("a photo of a bag", METRICS, 146, 3)).containsExactly("a photo of a bag");
        assertThat(PictureDrawing.wrap("a-very-long-class-name-that-overflows-the-cell", METRICS, 80, 1))
                .containsExactly("a-very-long-class-name-that-overflows-the-cell");
    }

    @Test
    void a_captioned_grid_has_wider_and_taller_cells() throws Exception {
        byte[] gray = new byte[4 * 4];
        List<byte[]> images = List.of(gray, gray, gray, gray);
        List<String> captions = List.of("a", "b", "c", "d");

        var plain = ImageIO.read(new ByteArrayInputStream(SampleGrid.png(images, captions, List.of(1, 4, 4))));
        var captioned = ImageIO.read(new ByteArrayInputStream(SampleGrid.png(images, captions, List.of(1, 4, 4),
                true)));

        assertThat(plain.getWidth()).isEqualTo(2 * 84);
        assertThat(captioned.getWidth()).isEqualTo(2 * 150);
        assertThat(captioned.getHeight()).isGreaterThan(plain.getHeight());
    }
}
