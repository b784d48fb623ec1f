package io.pretext.dataset.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextJsonlParserTest {

    @TempDir
    Path dir;

    private final TextJsonlParser parser = new TextJsonlParser();
    private final RecordingSink sink = new RecordingSink();

    @Test
    void labelled_records_with_string_and_number_labels() throws IOException {
        parse(lines(
                "{\"text\": \"a good film\", \"label\": \"pos\"}",
                "",
                "   ",
                "{\"label\": 3, \"text\": \"naïve \\\"quoted\\\" \\u00e9 😀\", \"extra\": [1]}",
                "{\"text\": \"x\", \"label\": 1.5}"));

        assertThat(sink.start).isEqualTo("text");
        assertThat(sink.texts).containsExactly("a good film", "naïve \"quoted\" é 😀", "x");
        assertThat(sink.textLabels).containsExactly("pos", "3", "1.5");
    }

    @Test
    void unlabelled_records_have_null_labels_and_crlf_bom_are_accepted() throws IOException {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        parse(concat(bom, "{\"text\":\"one\"}\r\n{\"text\":\"two\",\"label\":null}\r\n".getBytes(UTF_8)));

        assertThat(sink.texts).containsExactly("one", "two");
        assertThat(sink.textLabels).containsExactly(null, null);
    }

    @Test
    void a_label_after_unlabelled_lines_names_its_line() throws IOException {
        assertInvalid(lines("{\"text\":\"a\"}", "", "{\"text\":\"b\",\"label\":\"x\"}"), "line 3",
                "line 3: has a label but earlier lines do not (labels are all or none)");
    }

    @Test
    void a_missing_label_after_labelled_lines_names_its_line() throws IOException {
        assertInvalid(lines("{\"text\":\"a\",\"label\":\"x\"}", "{\"text\":\"b\"}"), "line 2",
                "line 2: has no label but earlier lines do (labels are all or none)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "[1, 2]                            | not a JSON object",
        "\"just a string\"                 | not a JSON object",
        "null                              | not a JSON object",
        "{\"label\": \"x\"}                | \"text\" must be a string",
        "{\"text\": 5}                     | \"text\" must be a string",
        "{\"text\": \"\"}                  | empty text",
        "{\"text\": \"\\ud800\"}           | text holds an unpaired surrogate escape",
        "{\"text\": \"a\", \"label\": true} | \"label\" must be a string or a number",
        "{\"text\": \"a\", \"label\": {}}   | \"label\" must be a string or a number",
        "{\"text\": \"a\", \"label\": \"\"} | \"label\" is empty",
        "{\"text\": \"a\", \"label\": \" \"} | \"label\" is empty",
        "{\"text\": \"a\"} {\"text\": \"b\"} | not valid JSON",
        "{\"text\": \"a\", \"text\": \"b\"}   | not valid JSON",
        "{\"text\": \"a\"                  | not valid JSON",
        "text,label                        | not valid JSON",
    })
    void a_bad_line_is_rejected_naming_it(String line, String problem) throws IOException {
        // Labelled first line, so that the bad line's label is what is judged, not the all-or-none rule.
        String first = line.contains("label") ? "{\"text\":\"ok\",\"label\":\"y\"}" : "{\"text\":\"ok\"}";
        assertThatThrownBy(() -> parse(lines(first, "", line.strip())))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
                    assertThat(e.field()).isEqualTo("line 3");
                    assertThat(e.getMessage()).startsWith("line 3: " + problem);
                    assertThat(e.status()).isEqualTo(422);
                });
    }

    @Test
    void invalid_utf8_names_its_line_even_far_past_the_read_buffers() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            out.writeBytes("{\"text\":\"record number %d\"}\n".formatted(i).getBytes(UTF_8));
        }
        out.writeBytes("{\"text\":\"bad \u00e9 ".getBytes(UTF_8));
        out.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28});
        out.writeBytes("\"}\n{\"text\":\"fine\"}\n".getBytes(UTF_8));

        assertInvalid(out.toByteArray(), "line 5001", "line 5001: invalid UTF-8");
    }

    @Test
    void a_truncated_sequence_at_the_end_is_invalid_utf8() throws IOException {
        byte[] content = concat("{\"text\":\"a\"}\r\n{\"text\":\"b\"}\n".getBytes(UTF_8), new byte[] {(byte) 0xe2, (byte) 0x82});
        assertInvalid(content, "line 3", "line 3: invalid UTF-8");
    }

    @Test
    void text_over_the_byte_limit_is_rejected() throws IOException {
        // "héllo wörld" is 11 chars but 13 UTF-8 bytes.
        assertInvalid(lines("{\"text\":\"hello\"}", "{\"text\":\"héllo wörld\"}"), limits(12), "line 2",
                "line 2: text is 13 bytes, limit 12");
    }

    @Test
    void text_at_the_byte_limit_is_accepted() throws IOException {
        parse(lines("{\"text\":\"héllo wörld\"}"), limits(13));
        assertThat(sink.texts).containsExactly("héllo wörld");
    }

    @Test
    void a_huge_line_fails_before_it_is_held_in_memory() throws IOException {
        String huge = "{\"text\":\"" + "a".repeat(200_000) + "\"}";
        assertThatThrownBy(() -> parse(lines("{\"text\":\"a\"}", huge), limits(10)))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
                    assertThat(e.field()).isEqualTo("line 2");
                    assertThat(e.getMessage()).isEqualTo("line 2: longer than 65596 characters");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\r\n  \n"})
    void no_records_names_the_file(String content) throws IOException {
        assertInvalid(content.getBytes(UTF_8), "reviews.jsonl", "reviews.jsonl: no records");
        assertThat(sink.start).isNull();
    }

    private void assertInvalid(byte[] content, String entry, String message) throws IOException {
        assertInvalid(content, IngestLimits.defaults(), entry, message);
    }

    private void assertInvalid(byte[] content, IngestLimits limits, String entry, String message) throws IOException {
        assertThatThrownBy(() -> parse(content, limits)).isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
            assertThat(e.field()).isEqualTo(entry);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private void parse(byte[] content) throws IOException {
        parse(content, IngestLimits.defaults());
    }

    private void parse(byte[] content, IngestLimits limits) throws IOException {
        Path file = Files.write(dir.resolve("upload.jsonl"), content);
        parser.parse(new Upload(file, "reviews.jsonl", null, null, List.of(), null, null, limits), sink);
    }

    private static IngestLimits limits(int maxTextBytes) {
        IngestLimits defaults = IngestLimits.defaults();
        return new IngestLimits(defaults.maxUncompressedBytes(), defaults.maxCompressionRatio(),
                defaults.maxEntries(), defaults.maxImageSide(), maxTextBytes);
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
