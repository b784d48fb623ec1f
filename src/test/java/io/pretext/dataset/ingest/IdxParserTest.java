package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.pretext.testing.DatasetFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxParserTest {

    @TempDir
    Path dir;

    final IdxParser parser = new IdxParser();

    @Test
    void images_and_labels_in_gzip_become_one_channel_samples_with_numeric_classes() throws Exception {
        byte[] images = DatasetFiles.idxImages(5, 4, 3, 1);
        CollectingSink sink = parse(DatasetFiles.gzip(images), DatasetFiles.gzip(DatasetFiles.idxLabels(new byte[] {2, 0, 1, 2, 2})),
                List.of(), null);

        assertThat(sink.channels).isEqualTo(1);
        assertThat(sink.height).isEqualTo(4);
        assertThat(sink.width).isEqualTo(3);
        assertThat(sink.classes).containsExactly("0", "1", "2");
        assertThat(sink.labels).containsExactly(2, 0, 1, 2, 2);
        assertThat(sink.images.get(1)).isEqualTo(Arrays.copyOfRange(images, 16 + 12, 16 + 24));
    }

    @Test
    void without_labels_the_dataset_is_unlabeled_and_raw_files_work_too() throws Exception {
        CollectingSink sink = parse(DatasetFiles.idxImages(3, 2, 2, 1), null, List.of(), null);

        assertThat(sink.classes).isEmpty();
        assertThat(sink.labels).containsOnly(SampleSink.UNLABELED).hasSize(3);
    }

    @Test
    void class_names_are_used_and_image_size_resizes() throws Exception {
        CollectingSink sink = parse(DatasetFiles.idxImages(2, 28, 28, 1), DatasetFiles.idxLabels(new byte[] {1, 0}),
                List.of("cat", "dog"), 16);

        assertThat(sink.classes).containsExactly("cat", "dog");
        assertThat(sink.height).isEqualTo(16);
        assertThat(sink.images.get(0)).hasSize(256);
    }

    @Test
    void a_wrong_magic_number_is_named() {
        byte[] bad = DatasetFiles.idx(0x00000802, new int[] {1, 2, 2}, new byte[4]);

        assertThatThrownBy(() -> parse(bad, null, List.of(), null)).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("images.idx").hasMessageContaining("magic number 0x00000802");
    }

    @Test
    void truncated_images_are_named() {
        byte[] images = DatasetFiles.idxImages(10, 4, 4, 1);
        byte[] truncated = Arrays.copyOf(images, images.length - 5);

        assertThatThrownBy(() -> parse(truncated, null, List.of(), null)).hasMessageContaining("truncated")
                .hasMessageContaining("image 9");
    }

    @Test
    void a_count_mismatch_names_both_files() {
        assertThatThrownBy(() -> parse(DatasetFiles.idxImages(3, 2, 2, 1), DatasetFiles.idxLabels(new byte[] {0, 1}),
                List.of(), null)).hasMessageContaining("labels.idx").hasMessageContaining("2 labels but images.idx has 3");
    }

    @Test
    void labels_out_of_range_of_the_given_classes_are_refused() {
        assertThatThrownBy(() -> parse(DatasetFiles.idxImages(2, 2, 2, 1), DatasetFiles.idxLabels(new byte[] {0, 5}),
                List.of("a", "b"), null)).hasMessageContaining("label 5 out of range");
    }

    @Test
    void corrupt_gzip_is_refused() {
        byte[] gz = DatasetFiles.gzip(DatasetFiles.idxImages(100, 8, 8, 1));
        byte[] corrupt = Arrays.copyOf(gz, gz.length / 2);

        assertThatThrownBy(() -> parse(corrupt, null, List.of(), null)).isInstanceOf(InvalidDatasetException.class);
    }

    private CollectingSink parse(byte[] images, byte[] labels, List<String> classes, Integer size) throws Exception {
        Path imagesPath = Files.write(dir.resolve("images"), images);
        Path labelsPath = labels == null ? null : Files.write(dir.resolve("labels"), labels);
        CollectingSink sink = new CollectingSink();
        parser.parse(new Upload(imagesPath, "images.idx", labelsPath, "labels.idx", classes, size, null,
                IngestLimits.defaults()), sink);
        return sink;
    }
}
