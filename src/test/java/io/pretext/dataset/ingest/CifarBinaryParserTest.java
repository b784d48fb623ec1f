package io.pretext.dataset.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CifarBinaryParserTest {

    private static final String TOP = "cifar-10-batches-bin/";
    private static final List<String> CIFAR10_NAMES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    @TempDir
    Path tmp;

    private Path uploads;
    private final CifarBinaryParser parser = new CifarBinaryParser();
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void createUploadFolder() throws IOException {
        uploads = Files.createDirectory(tmp.resolve("uploads"));
    }

    @AfterEach
    void noSpoolIsLeftBehind() throws IOException {
        try (Stream<Path> files = Files.list(uploads)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("upload");
        }
    }

    // --- raw .bin files

    @Test
    void a_raw_cifar10_file_yields_its_records_in_order() throws IOException {
        parse(concat(cifar10(3, 1), cifar10(0, 2), cifar10(9, 3)), upload("data_batch_1.bin"));

        assertThat(sink.start).isEqualTo("images 3x32x32");
        assertThat(sink.classes).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(sink.imageLabels).containsExactly(3, 0, 9);
        assertThat(sink.images).containsExactly(pixels(1), pixels(2), pixels(3));
    }

    @Test
    void a_raw_cifar100_file_yields_fine_labels_and_numbered_classes() throws IOException {
        parse(concat(cifar100(5, 42, 7), cifar100(19, 99, 8)), upload("train.bin"));

        assertThat(sink.classes).hasSize(100).startsWith("0", "1").endsWith("99");
        assertThat(sink.imageLabels).containsExactly(42, 99);
        assertThat(sink.images).containsExactly(pixels(7), pixels(8));
    }

    @Test
    void class_names_from_the_upload_name_the_classes_of_a_raw_file() throws IOException {
        parse(cifar10(2, 1), upload("b.bin", null, List.of("a", "b", "c"), IngestLimits.defaults()));

        assertThat(sink.classes).containsExactly("a", "b", "c");
        assertThat(sink.imageLabels).containsExactly(2);
    }

    @Test
    void a_raw_file_of_no_record_size_is_rejected() {
        assertInvalid(() -> parse(new byte[3073 * 2 + 5], upload("batch.bin")), "batch.bin",
                "batch.bin: size 6151 is not a multiple of a CIFAR record (3073 or 3074 bytes)");
    }

    @Test
    void an_empty_raw_file_has_no_records() {
        assertInvalid(() -> parse(new byte[0], upload("batch.bin")), "batch.bin", "batch.bin: no records");
        assertThat(sink.start).isNull();
    }

    @Test
    void a_label_beyond_the_classes_names_the_file_and_record() {
        assertInvalid(() -> parse(concat(cifar10(1, 1), cifar10(12, 2)), upload("batch.bin")), "batch.bin record 1",
                "batch.bin record 1: label 12 out of range 0..9");
    }

    @Test
    void a_label_beyond_the_given_class_names_is_rejected() {
        assertInvalid(() -> parse(cifar10(5, 1), upload("b.bin", null, List.of("x", "y", "z"), IngestLimits.defaults())),
                "b.bin record 0", "b.bin record 0: label 5 out of range 0..2");
    }

    // --- archives

    @Test
    void a_cifar10_archive_gives_train_batches_in_name_order_with_its_class_names() throws IOException {
        // Archive order as published: batches out of order, class names between them.
        parse(tarGz(dir(TOP), file(TOP + "data_batch_1.bin", cifar10(1, 1)), file(TOP + "batches.meta.txt", meta()),
                file(TOP + "data_batch_3.bin", cifar10(3, 3)), file(TOP + "data_batch_4.bin", cifar10(4, 4)),
                file(TOP + "test_batch.bin", cifar10(7, 7)), file(TOP + "readme.html", "<html>".getBytes(UTF_8)),
                file(TOP + "data_batch_2.bin", concat(cifar10(2, 2), cifar10(0, 20))),
                file(TOP + "data_batch_5.bin", cifar10(5, 5))), upload("cifar-10-binary.tar.gz"));

        assertThat(sink.start).isEqualTo("images 3x32x32");
        assertThat(sink.classes).isEqualTo(CIFAR10_NAMES);
        assertThat(sink.imageLabels).containsExactly(1, 2, 0, 3, 4, 5);
        assertThat(sink.images).containsExactly(pixels(1), pixels(2), pixels(20), pixels(3), pixels(4), pixels(5));
    }

    @Test
    void the_test_split_takes_the_test_batch_and_class_names_may_come_last() throws IOException {
        parse(tarGz(file(TOP + "data_batch_1.bin", cifar10(1, 1)), file(TOP + "test_batch.bin",
                concat(cifar10(7, 7), cifar10(8, 8))), file(TOP + "batches.meta.txt", meta())),
                upload("c.tgz", "test", List.of(), IngestLimits.defaults()));

        assertThat(sink.classes).isEqualTo(CIFAR10_NAMES);
        assertThat(sink.imageLabels).containsExactly(7, 8);
        assertThat(sink.images).containsExactly(pixels(7), pixels(8));
    }

    @Test
    void a_cifar100_archive_uses_fine_labels_and_fine_names() throws IOException {
        List<String> fine = IntStream.range(0, 100).mapToObj(i -> "fine" + i).toList();
        byte[] names = (String.join("\n", fine) + "\n\n").getBytes(UTF_8);
        byte[] archive = tarGz(file("cifar-100-binary/coarse_label_names.txt", "a\nb\n".getBytes(UTF_8)),
                file("cifar-100-binary/train.bin", concat(cifar100(3, 61, 1), cifar100(4, 0, 2))),
                file("cifar-100-binary/test.bin", cifar100(9, 99, 3)),
                file("cifar-100-binary/fine_label_names.txt", names));

        parse(archive, upload("cifar-100-binary.tar.gz"));
        assertThat(sink.classes).isEqualTo(fine);
        assertThat(sink.imageLabels).containsExactly(61, 0);
        assertThat(sink.images).containsExactly(pixels(1), pixels(2));
    }

    @Test
    void without_class_names_in_the_archive_the_uploads_are_used() throws IOException {
        parse(tarGz(file("data_batch_1.bin", cifar10(1, 1))),
                upload("c.tar.gz", "train", List.of("no", "yes"), IngestLimits.defaults()));

        assertThat(sink.classes).containsExactly("no", "yes");
        assertThat(sink.imageLabels).containsExactly(1);
    }

    @Test
    void a_label_beyond_the_archives_class_names_names_the_entry_and_record() {
        assertInvalid(() -> parse(tarGz(file(TOP + "batches.meta.txt", meta()),
                file(TOP + "data_batch_1.bin", concat(cifar10(9, 1), cifar10(1, 2), cifar10(10, 3)))),
                upload("c.tar.gz")), TOP + "data_batch_1.bin record 2",
                TOP + "data_batch_1.bin record 2: label 10 out of range 0..9");
    }

    @Test
    void a_truncated_record_at_the_end_of_a_batch_names_the_entry() {
        byte[] batch = Arrays.copyOf(concat(cifar10(1, 1), cifar10(2, 2)), 3073 * 2 + 100);
        assertInvalid(() -> parse(tarGz(file(TOP + "data_batch_1.bin", batch)), upload("c.tar.gz")),
                TOP + "data_batch_1.bin",
                TOP + "data_batch_1.bin: truncated record at the end: size 6246 is not a multiple of 3073 bytes");
    }

    @Test
    void an_archive_without_the_splits_batches_is_rejected() {
        assertInvalid(() -> parse(tarGz(file(TOP + "test_batch.bin", cifar10(1, 1))), upload("c.tar.gz")),
                "c.tar.gz", "c.tar.gz: no train batches (data_batch_1.bin..data_batch_5.bin or train.bin)");
    }

    @Test
    void an_archive_mixing_cifar10_and_cifar100_is_rejected() {
        assertInvalid(() -> parse(tarGz(file("a/data_batch_1.bin", cifar10(1, 1)), file("a/train.bin", cifar100(1, 1, 1))),
                upload("c.tar.gz")), "a/train.bin", "a/train.bin: mixes CIFAR-10 and CIFAR-100 batches");
    }

    @Test
    void a_batch_twice_is_rejected() {
        assertInvalid(() -> parse(tarGz(file("a/data_batch_1.bin", cifar10(1, 1)), file("b/data_batch_1.bin",
                cifar10(1, 1))), upload("c.tar.gz")), "b/data_batch_1.bin",
                "b/data_batch_1.bin: duplicate batch data_batch_1.bin");
    }

    @Test
    void the_same_entry_path_twice_is_a_400_naming_it() {
        assertThatThrownBy(() -> parse(tarGz(file(TOP + "data_batch_1.bin", cifar10(1, 1)),
                file(TOP + "data_batch_1.bin", cifar10(2, 1))), upload("c.tar.gz")))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(TOP + "data_batch_1.bin");
                    assertThat(e.getMessage()).contains("twice");
                });
    }

    @Test
    void an_unknown_split_is_a_bad_request() {
        assertThatThrownBy(() -> parse(tarGz(file("data_batch_1.bin", cifar10(1, 1))),
                upload("c.tar.gz", "validation", List.of(), IngestLimits.defaults())))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("split");
                    assertThat(e.getMessage()).isEqualTo("split: must be train or test");
                });
    }

    @Test
    void gzip_that_is_not_a_tar_is_rejected() {
        assertInvalid(() -> parse(gzip(cifar10(1, 1)), upload("c.tar.gz")), "c.tar.gz",
                "c.tar.gz: gzip content is not a tar archive");
    }

    @Test
    void a_cut_off_archive_is_corrupt_content() throws IOException {
        // Random pixels do not compress, so half the archive ends inside the tar, not before it.
        Random random = new Random(42);
        byte[] noise = new byte[3073 * 4];
        random.nextBytes(noise);
        byte[] archive = tarGz(file("data_batch_1.bin", noise), file("data_batch_2.bin", noise));
        assertThatThrownBy(() -> parse(Arrays.copyOf(archive, archive.length / 2), upload("c.tar.gz")))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.field()).isIn("data_batch_1.bin", "data_batch_2.bin");
                    assertThat(e.getMessage()).startsWith(e.field() + ": corrupt archive: ");
                });
    }

    static Stream<Arguments> hostileEntries() {
        byte[] small = "x".getBytes(UTF_8);
        return Stream.of(
                Arguments.of(file("/etc/data_batch_1.bin", small), "absolute path in archive"),
                Arguments.of(file("\\evil.txt", small), "absolute path in archive"),
                Arguments.of(file("C:/evil.txt", small), "absolute path in archive"),
                Arguments.of(file("cifar/../../data_batch_1.bin", small), "path leaves the archive (..)"),
                Arguments.of(file("..", small), "path leaves the archive (..)"),
                Arguments.of(file("cifar\\..\\..\\x.txt", small), "path leaves the archive (..)"),
                Arguments.of(dir("cifar/../up/"), "path leaves the archive (..)"),
                Arguments.of(link("cifar/data_batch_2.bin", "/etc/passwd", TarConstants.LF_SYMLINK),
                        "links are not allowed in archives"),
                Arguments.of(link("cifar/data_batch_2.bin", "cifar/data_batch_1.bin", TarConstants.LF_LINK),
                        "links are not allowed in archives"),
                Arguments.of(file("cifar/more.tar", small), "nested archives are not allowed"),
                Arguments.of(file("cifar/more.tar.gz", small), "nested archives are not allowed"),
                Arguments.of(file("cifar/more.TGZ", small), "nested archives are not allowed"),
                Arguments.of(file("cifar/more.zip", small), "nested archives are not allowed"),
                Arguments.of(file("cifar/more.bz2", small), "nested archives are not allowed"),
                Arguments.of(file("cifar/more.xz", small), "nested archives are not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileEntries")
    void a_hostile_entry_is_rejected_by_name(Entry hostile, String problem) {
        // The hostile entry comes after a good batch and is checked although the parser would skip it.
        byte[] archive = tarGz(file("cifar/data_batch_1.bin", cifar10(1, 1)), hostile);
        assertInvalid(() -> parse(archive, upload("c.tar.gz")), hostile.name(), hostile.name() + ": " + problem);
        assertThat(sink.start).isNull();
    }

    @Test
    void more_entries_than_the_limit_are_rejected_at_the_first_extra_one() {
        byte[] archive = tarGz(dir(TOP), file(TOP + "data_batch_1.bin", cifar10(1, 1)),
                file(TOP + "batches.meta.txt", meta()), file(TOP + "readme.html", new byte[10]));
        assertInvalid(() -> parse(archive, upload("c.tar.gz", null, List.of(), limits(1L << 20, 3))),
                TOP + "readme.html", TOP + "readme.html: archive has more than 3 entries");
    }

    @Test
    void expanding_past_the_limit_names_the_entry_being_read() {
        byte[] archive = tarGz(file("data_batch_1.bin", concat(cifar10(1, 1), cifar10(1, 2), cifar10(1, 3))),
                file("data_batch_2.bin", concat(cifar10(1, 1), cifar10(1, 2), cifar10(1, 3))));
        assertInvalid(() -> parse(archive, upload("c.tar.gz", null, List.of(), limits(12_000, 100))),
                "data_batch_2.bin", "data_batch_2.bin: archive expands beyond 12000 bytes");
    }

    @Test
    void a_bomb_in_an_entry_the_parser_skips_still_counts() {
        byte[] archive = tarGz(file("data_batch_1.bin", cifar10(1, 1)), file("readme.html", new byte[5 << 20]));
        assertInvalid(() -> parse(archive, upload("c.tar.gz", null, List.of(), limits(1 << 20, 100))),
                "readme.html", "readme.html: archive expands beyond 1048576 bytes");
    }

    // --- helpers

    record Entry(String name, byte[] data, byte type, String link) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Entry file(String name, byte[] data) {
        return new Entry(name, data, TarConstants.LF_NORMAL, null);
    }

    static Entry dir(String name) {
        return new Entry(name, new byte[0], TarConstants.LF_DIR, null);
    }

    static Entry link(String name, String target, byte type) {
        return new Entry(name, new byte[0], type, target);
    }

    static byte[] tarGz(Entry... entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry header = new TarArchiveEntry(entry.name(), entry.type(), true);
                header.setSize(entry.data().length);
                if (entry.link() != null) {
                    header.setLinkName(entry.link());
                }
                tar.putArchiveEntry(header);
                tar.write(entry.data());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }

    /** A distinct 3x32x32 image per seed, with a different pattern in each channel plane. */
    static byte[] pixels(int seed) {
        byte[] chw = new byte[3072];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (byte) (i * 31 + seed * 7 + (i / 1024) * 101);
        }
        return chw;
    }

    static byte[] cifar10(int label, int seed) {
        return concat(new byte[] {(byte) label}, pixels(seed));
    }

    static byte[] cifar100(int coarse, int fine, int seed) {
        return concat(new byte[] {(byte) coarse, (byte) fine}, pixels(seed));
    }

    static byte[] meta() {
        return ("\n" + String.join("\n", CIFAR10_NAMES) + "\n\n\n").getBytes(UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private Upload upload(String fileName) {
        return upload(fileName, null, List.of(), IngestLimits.defaults());
    }

    private Upload upload(String fileName, String split, List<String> classNames, IngestLimits limits) {
        return new Upload(uploads.resolve("upload"), fileName, null, null, classNames, null, split, limits);
    }

    private void parse(byte[] content, Upload upload) throws IOException {
        Files.write(upload.file(), content);
        parser.parse(upload, sink);
    }

    private static IngestLimits limits(long maxUncompressedBytes, int maxEntries) {
        IngestLimits defaults = IngestLimits.defaults();
        return new IngestLimits(maxUncompressedBytes, defaults.maxCompressionRatio(), maxEntries,
                defaults.maxImageSide(), defaults.maxTextBytes());
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String entry,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.field()).isEqualTo(entry);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
