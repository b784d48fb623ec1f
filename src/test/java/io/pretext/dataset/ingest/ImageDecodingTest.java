package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding reads the bytes in memory, without ImageIO's file cache. */
class ImageDecodingTest {

    @TempDir
    Path temp;

    @Test
    void an_image_decodes_without_a_cache_directory_to_write_to() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 0, 0x102030);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        Path cache = Files.createDirectory(temp.resolve("cache"));
        boolean usedCache = ImageIO.getUseCache();
        ImageIO.setUseCache(true);
        ImageIO.setCacheDirectory(cache.toFile());
        // A file-cached stream (ImageIO's default for input streams) cannot be created any more.
        Files.delete(cache);
        try {
            assertThat(ImageDecoding.header(png.toByteArray())).isEqualTo(new ImageDecoding.Header(3, 2, 3));
            byte[] chw = ImageDecoding.decodeChw(png.toByteArray(), 3);
            assertThat(chw).hasSize(18);
            assertThat(new byte[] {chw[1], chw[6 + 1], chw[12 + 1]}).containsExactly(0x10, 0x20, 0x30);
        } finally {
            ImageIO.setCacheDirectory(null);
            ImageIO.setUseCache(usedCache);
        }
    }
}
