package io.pretext.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pretext.web.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upload of no known format is described by what it seems to be. */
class ContentDescriptionTest {

    @TempDir
    Path dir;

    @Test
    void names_what_was_sent() {
        assertThat(ContentDescription.of(new byte[0])).isEqualTo("an empty file");
        assertThat(ContentDescription.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10})).startsWith("a single PNG image");
        assertThat(ContentDescription.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).startsWith("a single JPEG");
        assertThat(ContentDescription.of(new byte[] {'R', 'I', 'F', 'F', 0, 0})).startsWith("a RIFF file");
        assertThat(ContentDescription.of(bytes("[{\"text\": \"a\"}]"))).startsWith("a JSON array");
        assertThat(ContentDescription.of(bytes("label,body\nshoe,a text\n")))
                .isEqualTo("a text file whose first line is \"label,body\"");
        assertThat(ContentDescription.of(new byte[] {0, 1, 2, (byte) 0xFE, 5})).isEqualTo("binary data of no format we know");
    }

    @Test
    void a_text_file_cut_inside_a_multibyte_character_is_still_text() {
        byte[] cut = bytes("é".repeat(10));
        byte[] head = java.util.Arrays.copyOf(cut, cut.length - 1);

        assertThat(ContentDescription.of(head)).startsWith("a text file");
    }

    @Test
    void the_sniffer_says_what_it_saw_and_what_it_accepts() throws IOException {
        Path file = Files.write(dir.resolve("notes.csv"), bytes("label,body\nshoe,a text\n"));

        assertThatThrownBy(() -> FormatSniffer.detect(file, "notes.csv", false))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.getMessage()).contains("it looks like a text file whose first line is \"label,body\"")
                            .contains("Accepted:").contains("text-csv").contains("image-folder-zip");
                });
    }

    @Test
    void a_zip_of_wav_clips_is_audio_whatever_debris_sorts_first() throws IOException {
        Path zip = Files.write(dir.resolve("words.zip"), io.pretext.testing.DatasetFiles.zip(java.util.Map.of(
                "Thumbs.db", new byte[] {1}, ".DS_Store", new byte[] {2}, "yes/a.wav", new byte[] {3})));
        Path pictures = Files.write(dir.resolve("pictures.zip"), io.pretext.testing.DatasetFiles.zip(java.util.Map.of(
                "cat/a.png", new byte[] {1})));

        assertThat(FormatSniffer.detect(zip, "words.zip", false)).isEqualTo(DatasetFormat.AUDIO_FOLDER_ZIP);
        assertThat(FormatSniffer.detect(pictures, "pictures.zip", false)).isEqualTo(DatasetFormat.IMAGE_FOLDER_ZIP);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
