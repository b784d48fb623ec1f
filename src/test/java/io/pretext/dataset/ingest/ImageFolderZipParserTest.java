package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class ImageFolderZipParserTest {

    @TempDir
    Path dir;

    @Test
    void a_folder_per_class_is_labeled_with_classes_in_name_order() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("pets/dog/b.png", DatasetFiles.png(8, 6, true, 1));
        entries.put("pets/cat/a.png", DatasetFiles.png(8, 6, true, 2));
        entries.put("pets/dog/a.png", DatasetFiles.png(8, 6, true, 3));
        entries.put("__MACOSX/pets/._a.png", new byte[] {1});

        CollectingSink sink = parse(DatasetFiles.zip(entries), null);

        assertThat(sink.classes).containsExactly("cat", "dog");
        assertThat(sink.labels).containsExactly(0, 1, 1);
        assertThat(sink.channels).isEqualTo(1);
        assertThat(sink.height).isEqualTo(6);
        assertThat(sink.width).isEqualTo(8);
    }

    @Test
    void gray_pixels_are_kept_exactly() throws Exception {
        var image = DatasetFiles.image(4, 3, true, 9);
        byte[] png = DatasetFiles.png(4, 3, true, 9);

        CollectingSink sink = parse(DatasetFiles.zip(Map.of("a.png", png)), null);

        byte[] expected = new byte[12];
        image.getRaster().getDataElements(0, 0, 4, 3, expected);
        assertThat(sink.images.get(0)).isEqualTo(expected);
    }

    @Test
    void images_in_one_folder_are_unlabeled_and_colour_gives_three_channels() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("all/1.png", DatasetFiles.png(5, 5, true, 1));
        entries.put("all/2.jpg", DatasetFiles.jpeg(5, 5, 2));

        CollectingSink sink = parse(DatasetFiles.zip(entries), null);

        assertThat(sink.classes).isEmpty();
        assertThat(sink.labels).containsOnly(SampleSink.UNLABELED);
        assertThat(sink.channels).isEqualTo(3);
        assertThat(sink.images.get(0)).hasSize(75);
    }

    @Test
    void image_size_resizes_images_of_different_sizes() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.png", DatasetFiles.png(10, 20, true, 1));
        entries.put("b.png", DatasetFiles.png(30, 12, true, 2));

        CollectingSink sink = parse(DatasetFiles.zip(entries), 16);

        assertThat(sink.height).isEqualTo(16);
        assertThat(sink.images).allSatisfy(i -> assertThat(i).hasSize(256));
    }

    static Stream<Arguments> hostile() {
        byte[] png = DatasetFiles.png(4, 4, true, 1);
        return Stream.of(
                Arguments.of("path traversal", DatasetFiles.zip(Map.of("../evil.png", png)), "../evil.png"),
                Arguments.of("absolute path", DatasetFiles.zip(Map.of("/etc/evil.png", png)), "/etc/evil.png"),
                Arguments.of("symlink", DatasetFiles.zip(Map.of("a/x.png", png), Map.of("a/link.png", "/etc/passwd")),
                        "symbolic link"),
                Arguments.of("zip bomb", DatasetFiles.zip(Map.of("bomb.png", new byte[64 << 20])), "compression ratio"),
                Arguments.of("nested archive", DatasetFiles.zip(Map.of("a.png", png, "inner.zip", DatasetFiles.zip(
                        Map.of("b.png", png)))), "nested archive"),
                Arguments.of("non-image", DatasetFiles.zip(Map.of("a.png", png, "notes.txt", new byte[] {'h', 'i'})),
                        "notes.txt"),
                Arguments.of("fake png", DatasetFiles.zip(Map.of("a.png", "not an image".getBytes())), "a.png"),
                Arguments.of("corrupt png", DatasetFiles.zip(Map.of("a.png", java.util.Arrays.copyOf(
                        DatasetFiles.png(64, 64, false, 1), 60))), "a.png"),
                Arguments.of("mixed sizes", DatasetFiles.zip(Map.of("a.png", png, "b.png", DatasetFiles.png(5, 4, true, 2))),
                        "share one size"),
                Arguments.of("mixed layout", DatasetFiles.zip(Map.of("a.png", png, "cat/b.png", png, "dog/c.png", png)),
                        "mixed layout"),
                Arguments.of("no images", DatasetFiles.zip(Map.of()), "no PNG or JPEG"),
                Arguments.of("not a zip", "PK\u0003\u0004garbage".getBytes(), "zip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostile_archives_are_refused_naming_the_entry(String name, byte[] zip, String expected) {
        assertThatThrownBy(() -> parse(zip, null)).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining(expected);
    }

    static Stream<Arguments> ambiguous() {
        byte[] a = DatasetFiles.png(4, 4, true, 1);
        byte[] b = DatasetFiles.png(4, 4, true, 2);
        return Stream.of(
                Arguments.of("same path twice", List.of(Map.entry("cat/x.png", a), Map.entry("cat/x.png", b)),
                        "cat/x.png"),
                Arguments.of("same path but for case", List.of(Map.entry("cat/X.png", a), Map.entry("cat/x.png", b)),
                        "cat/x.png"),
                Arguments.of("folders that differ only in case",
                        List.of(Map.entry("Cat/x.png", a), Map.entry("cat/x.png", b)), "cat/x.png"),
                Arguments.of("composed and decomposed accents",
                        List.of(Map.entry("caf\u00e9/x.png", a), Map.entry("cafe\u0301/x.png", b)),
                        "cafe\u0301/x.png"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguous")
    void ambiguous_archives_are_refused_with_400_naming_the_entry(String name, List<Map.Entry<String, byte[]>> entries,
            String entry) {
        CollectingSink sink = new CollectingSink();

        assertThatThrownBy(() -> parse(DatasetFiles.zipAllowingDuplicates(entries), null, sink))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(entry);
        assertThat(sink.images).isEmpty();
    }

    private CollectingSink parse(byte[] zip, Integer size, CollectingSink sink) throws Exception {
        Path file = Files.write(dir.resolve("upload.zip"), zip);
        new ImageFolderZipParser().parse(new Upload(file, "upload.zip", null, null, List.of(), size, null,
                IngestLimits.defaults()), sink);
        return sink;
    }

    private CollectingSink parse(byte[] zip, Integer size) throws Exception {
        Path file = Files.write(dir.resolve("upload.zip"), zip);
        CollectingSink sink = new CollectingSink();
        new ImageFolderZipParser().parse(new Upload(file, "upload.zip", null, null, List.of(), size, null,
                IngestLimits.defaults()), sink);
        return sink;
    }
}
