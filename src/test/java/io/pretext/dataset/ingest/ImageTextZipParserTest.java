package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.pretext.testing.DatasetFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageTextZipParserTest {

    private static final byte[] A = DatasetFiles.png(6, 4, true, 1);
    private static final byte[] B = DatasetFiles.png(6, 4, true, 2);
    private static final byte[] C = DatasetFiles.png(6, 4, true, 3);

    @TempDir
    Path dir;

    @Test
    void images_keep_entry_name_order_and_captions_follow_them_grouped_by_image() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("icons/z.png", C);
        entries.put("a.png", A);
        entries.put("icons/b.png", B);
        entries.put("captions.jsonl", lines(
                "{\"file\": \"icons/z.png\", \"text\": \"a zebra\"}",
                "",
                "{\"file\": \"a.png\", \"text\": \"an apple\"}",
                "{\"file\": \"icons/b.png\", \"text\": \"a bee\"}",
                "{\"file\": \"a.png\", \"text\": \"a red fruit\", \"extra\": 1}"));

        CollectingSink sink = parse(DatasetFiles.zip(entries), null);

        assertThat(sink.images).hasSize(3);
        assertThat(sink.images.get(0)).isEqualTo(gray(A));
        assertThat(sink.images.get(2)).isEqualTo(gray(C));
        assertThat(sink.classes).isEmpty();
        assertThat(sink.labels).containsOnly(SampleSink.UNLABELED);
        assertThat(sink.captionImages).containsExactly(0, 0, 1, 2);
        assertThat(sink.captions).containsExactly("an apple", "a red fruit", "a bee", "a zebra");
        assertThat(sink.height).isEqualTo(4);
        assertThat(sink.width).isEqualTo(6);
    }

    @Test
    void labels_belong_to_images_and_classes_are_sorted_names() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("1.png", A);
        entries.put("2.png", B);
        entries.put("3.png", C);
        entries.put("captions.jsonl", lines(
                "{\"file\": \"1.png\", \"text\": \"a chess board\", \"label\": \"Game\"}",
                "{\"file\": \"1.png\", \"text\": \"play chess\"}",
                "{\"file\": \"2.png\", \"text\": \"edit photos\", \"label\": \"Graphics\"}",
                "{\"file\": \"3.png\", \"text\": \"a card game\", \"label\": \"Game\"}",
                "{\"file\": \"3.png\", \"text\": \"solitaire\", \"label\": \"Game\"}"));

        CollectingSink sink = parse(DatasetFiles.zip(entries), null);

        assertThat(sink.classes).containsExactly("Game", "Graphics");
        assertThat(sink.labels).containsExactly(0, 1, 0);
        assertThat(sink.captionImages).containsExactly(0, 0, 1, 2, 2);
    }

    @Test
    void captions_in_a_top_folder_name_images_relative_to_it_and_image_size_resizes() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("set/x/a.png", DatasetFiles.png(10, 20, false, 1));
        entries.put("set/b.jpg", DatasetFiles.jpeg(30, 12, 2));
        entries.put("set/captions.jsonl", lines("{\"file\": \"x/a.png\", \"text\": \"tall\"}",
                "{\"file\": \"b.jpg\", \"text\": \"wide\"}"));

        CollectingSink sink = parse(DatasetFiles.zip(entries), 16);

        assertThat(sink.channels).isEqualTo(3);
        assertThat(sink.images).allSatisfy(i -> assertThat(i).hasSize(3 * 16 * 16));
        assertThat(sink.captions).containsExactly("wide", "tall");
    }

    static Stream<Arguments> invalid() {
        String ok = "{\"file\": \"a.png\", \"text\": \"an apple\"}";
        return Stream.of(
                Arguments.of("no captions file", Map.of("a.png", A), "has no captions.jsonl"),
                Arguments.of("captions deep in a folder", Map.of("a/b/captions.jsonl", lines(ok), "a.png", A),
                        "a/b/captions.jsonl: not an image"),
                Arguments.of("two captions files", Map.of("captions.jsonl", lines(ok), "x/captions.jsonl", lines(ok),
                        "a.png", A), "second captions.jsonl"),
                Arguments.of("image outside the captions folder", Map.of("x/captions.jsonl", lines(ok), "x/a.png", A,
                        "b.png", B), "b.png: lies outside x/"),
                Arguments.of("malformed JSON", Map.of("a.png", A, "captions.jsonl", lines(ok, "{\"file\": \"a.png\",")),
                        "captions.jsonl line 2: not valid JSON"),
                Arguments.of("not an object", Map.of("a.png", A, "captions.jsonl", lines("[1, 2]")),
                        "captions.jsonl line 1: not a JSON object"),
                Arguments.of("missing file", Map.of("a.png", A, "captions.jsonl", lines(ok, "{\"text\": \"hi\"}")),
                        "captions.jsonl line 2: \"file\" is missing"),
                Arguments.of("empty text", Map.of("a.png", A, "captions.jsonl",
                        lines("{\"file\": \"a.png\", \"text\": \" \"}")), "captions.jsonl line 1: \"text\" is empty"),
                Arguments.of("missing text", Map.of("a.png", A, "captions.jsonl", lines("{\"file\": \"a.png\"}")),
                        "captions.jsonl line 1: \"text\" is missing"),
                Arguments.of("text not a string", Map.of("a.png", A, "captions.jsonl",
                        lines("{\"file\": \"a.png\", \"text\": 7}")), "\"text\" must be a string"),
                Arguments.of("caption of a missing image", Map.of("a.png", A, "captions.jsonl",
                        lines(ok, "{\"file\": \"b.png\", \"text\": \"a bee\"}")),
                        "captions.jsonl line 2: \"file\" names 'b.png', which is not an image"),
                Arguments.of("image without caption", Map.of("a.png", A, "b.png", B, "captions.jsonl", lines(ok)),
                        "b.png: has no caption"),
                Arguments.of("no captions at all", Map.of("a.png", A, "captions.jsonl", lines("", " ")),
                        "captions.jsonl: holds no captions"),
                Arguments.of("over-long text", Map.of("a.png", A, "captions.jsonl", lines("{\"file\": \"a.png\", "
                        + "\"text\": \"" + "x".repeat(CaptionsJsonl.MAX_CAPTION_CHARS + 1) + "\"}")),
                        "captions.jsonl line 1: text is 2001 characters, limit 2000"),
                Arguments.of("some images labeled, others not", Map.of("a.png", A, "b.png", B, "captions.jsonl", lines(
                        "{\"file\": \"a.png\", \"text\": \"an apple\", \"label\": \"fruit\"}",
                        "{\"file\": \"b.png\", \"text\": \"a bee\"}")), "b.png: has no label"),
                Arguments.of("conflicting labels", Map.of("a.png", A, "captions.jsonl", lines(
                        "{\"file\": \"a.png\", \"text\": \"an apple\", \"label\": \"fruit\"}",
                        "{\"file\": \"a.png\", \"text\": \"a logo\", \"label\": \"brand\"}")),
                        "captions.jsonl line 2: labels 'a.png' as 'brand' but line 1 labels it 'fruit'"),
                Arguments.of("duplicate key", Map.of("a.png", A, "captions.jsonl",
                        lines("{\"file\": \"a.png\", \"text\": \"x\", \"text\": \"y\"}")), "captions.jsonl line 1"),
                Arguments.of("invalid UTF-8", Map.of("a.png", A, "captions.jsonl",
                        new byte[] {'{', '"', 'f', (byte) 0xC3, '"', '}'}), "captions.jsonl line 1: invalid UTF-8"),
                Arguments.of("path traversal", Map.of("../a.png", A, "captions.jsonl", lines(ok)), "../a.png"),
                Arguments.of("nested archive", Map.of("a.png", A, "captions.jsonl", lines(ok), "inner.zip",
                        DatasetFiles.zip(Map.of("b.png", B))), "nested archive"),
                Arguments.of("other file", Map.of("a.png", A, "captions.jsonl", lines(ok), "notes.txt",
                        "hi".getBytes(StandardCharsets.UTF_8)), "notes.txt"),
                Arguments.of("fake png", Map.of("a.png", "not an image".getBytes(StandardCharsets.UTF_8),
                        "captions.jsonl", lines(ok)), "a.png: not a PNG or JPEG"),
                Arguments.of("zip bomb caption file", Map.of("a.png", A, "captions.jsonl", new byte[64 << 20]),
                        "compression ratio"),
                Arguments.of("mixed sizes", Map.of("a.png", A, "b.png", DatasetFiles.png(5, 5, true, 1),
                        "captions.jsonl", lines(ok, "{\"file\": \"b.png\", \"text\": \"b\"}")), "share one size"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_uploads_are_refused_naming_the_entry_or_line_before_any_image_is_written(String name,
            Map<String, byte[]> entries, String expected) {
        CollectingSink sink = new CollectingSink();

        assertThatThrownBy(() -> parse(DatasetFiles.zip(entries), null, sink))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> assertThat(e.status()).isBetween(400, 499))
                .hasMessageContaining(expected);
        assertThat(sink.images).isEmpty();
        assertThat(sink.captions).isEmpty();
    }

    @Test
    void a_symbolic_link_is_refused() {
        byte[] zip = DatasetFiles.zip(Map.of("a.png", A, "captions.jsonl",
                lines("{\"file\": \"a.png\", \"text\": \"x\"}")), Map.of("b.png", "/etc/passwd"));

        assertThatThrownBy(() -> parse(zip, null)).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("b.png: symbolic links");
    }

    static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gray(byte[] png) throws Exception {
        return ImageDecoding.decodeChw(png, 1);
    }

    private CollectingSink parse(byte[] zip, Integer size) throws Exception {
        return parse(zip, size, new CollectingSink());
    }

    private CollectingSink parse(byte[] zip, Integer size, CollectingSink sink) throws Exception {
        Path file = Files.write(dir.resolve("upload.zip"), zip);
        new ImageTextZipParser().parse(new Upload(file, "upload.zip", null, null, List.of(), size, null,
                IngestLimits.defaults()), sink);
        return sink;
    }
}
