package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pretext.testing.DatasetFiles;
import io.pretext.testing.Wavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFolderZipParserTest {

    @TempDir
    Path dir;

    @Test
    void a_folder_per_class_is_labeled_and_every_clip_is_resampled_cut_or_padded_to_the_upload_settings()
            throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("words/yes/long.wav", Wavs.encode(3, 32, 0, 44_100,
                new float[][] {Wavs.sine(440, 0.5, 44_100, 0.8), Wavs.sine(440, 0.5, 44_100, 0.8)}, true));
        entries.put("words/no/short.wav", Wavs.pcm16(Wavs.sine(300, 0.5, 16_000, 0.1), 16_000));
        entries.put("words/no/.DS_Store", new byte[] {1});

        CollectingSink sink = parse(DatasetFiles.zip(entries), AudioClips.of(8_000, 500));

        assertThat(sink.classes).containsExactly("no", "yes");
        assertThat(sink.labels).containsExactly(0, 1);
        assertThat(sink.sampleRate).isEqualTo(8_000);
        assertThat(sink.clipSamples).isEqualTo(4_000);
        assertThat(sink.clips).allSatisfy(clip -> assertThat(clip).hasSize(4_000));
        short[] padded = sink.clips.get(0);
        assertThat(padded[100]).isNotZero();
        assertThat(padded[900]).as("0.1 s of 16 kHz is 800 samples at 8 kHz; silence after").isZero();
        short[] cut = sink.clips.get(1);
        float[] expected = Wavs.sine(440, 0.5, 8_000, 0.5);
        for (int i = 200; i < 4_000; i += 97) {
            assertThat(Math.abs(cut[i] / 32768f - expected[i])).as("sample %d", i).isLessThan(0.01f);
        }
    }

    @Test
    void clips_in_one_folder_are_unlabeled() throws Exception {
        byte[] wav = Wavs.pcm16(Wavs.sine(300, 0.5, 16_000, 1), 16_000);

        CollectingSink sink = parse(DatasetFiles.zip(Map.of("clips/a.wav", wav, "clips/b.WAV", wav)),
                AudioClips.defaults());

        assertThat(sink.classes).isEmpty();
        assertThat(sink.labels).containsExactly(SampleSink.UNLABELED, SampleSink.UNLABELED);
        assertThat(sink.clips.get(0)).isEqualTo(sink.clips.get(1));
    }

    @Test
    void a_bad_clip_is_named_in_the_error() {
        byte[] good = Wavs.pcm16(Wavs.sine(300, 0.5, 16_000, 0.2), 16_000);
        byte[] adpcm = Wavs.riff(Wavs.fmt(2, 1, 16_000, 4, 2, 0), new byte[64], 64);

        assertThatThrownBy(() -> parse(DatasetFiles.zip(Map.of("yes/a.wav", good, "no/b.wav", adpcm)),
                AudioClips.defaults())).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("no/b.wav").hasMessageContaining("unsupported codec")
                .extracting(e -> ((InvalidDatasetException) e).status()).isEqualTo(422);
    }

    @Test
    void non_wav_entries_and_traversal_are_refused_as_for_images() {
        byte[] good = Wavs.pcm16(Wavs.sine(300, 0.5, 16_000, 0.2), 16_000);

        assertThatThrownBy(() -> parse(DatasetFiles.zip(Map.of("a.wav", good, "b.mp3", good)), AudioClips.defaults()))
                .hasMessageContaining("b.mp3").hasMessageContaining("not a WAV clip");
        assertThatThrownBy(() -> parse(DatasetFiles.zip(Map.of("../a.wav", good)), AudioClips.defaults()))
                .hasMessageContaining("path traversal");
    }

    @Test
    void a_wav_file_larger_than_any_clip_needs_is_refused_with_413_before_it_is_read_whole() {
        byte[] huge = new byte[AudioFolderZipParser.MAX_WAV_BYTES + 1]; // zeros: compresses to almost nothing

        assertThatThrownBy(() -> parse(DatasetFiles.zip(Map.of("yes/huge.wav", huge)), AudioClips.defaults()))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("yes/huge.wav")
                .extracting(e -> ((InvalidDatasetException) e).status()).isEqualTo(413);
    }

    @Test
    void real_espeak_ng_recordings_decode() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/espeak-ng")),
                "espeak-ng is not installed (apt-get install espeak-ng); skipping the real-recording check");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String word : List.of("yes", "no")) {
            Path wav = dir.resolve(word + ".wav");
            Process process = new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", wav.toString(), word)
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            assertThat(process.waitFor()).isZero();
            entries.put(word + "/" + word + ".wav", Files.readAllBytes(wav));
        }

        CollectingSink sink = parse(DatasetFiles.zip(entries), AudioClips.defaults());

        assertThat(sink.classes).containsExactly("no", "yes");
        assertThat(sink.clips).allSatisfy(clip -> {
            int peak = 0;
            for (short s : clip) {
                peak = Math.max(peak, Math.abs(s));
            }
            assertThat(peak).as("a spoken word is audible").isGreaterThan(1000);
        });
    }

    private CollectingSink parse(byte[] zip, AudioClips settings) throws Exception {
        Path file = Files.write(dir.resolve("upload.zip"), zip);
        CollectingSink sink = new CollectingSink();
        new AudioFolderZipParser().parse(new Upload(file, "upload.zip", null, null, List.of(), null, null,
                IngestLimits.defaults(), settings), sink);
        return sink;
    }
}
