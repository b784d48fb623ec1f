package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.pretext.dataset.ingest.AudioClips;
import io.pretext.testing.Wavs;
import io.pretext.training.ModelCard;
import io.pretext.training.audio.LogMelSettings;
import io.pretext.web.FieldError;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.ValidationException;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Request WAV files to an audio model's input: the datasets' clip path, and every bad file named. */
class AudioPreparationTest {

    final AudioPreparation preparation = new AudioPreparation(new InferenceProperties(8, Duration.ZERO, 8,
            Duration.ofSeconds(1), DataSize.ofMegabytes(1), 4, DataSize.ofKilobytes(64), 64 * 64,
            DataSize.ofMegabytes(1)));
    /** 8 kHz, half a second. */
    final ModelCard card = ModelCard.forAudio("audio-cnn", LogMelSettings.defaults(8000, 4000), 0, 1, null, 128);

    @Test
    void a_stereo_wav_at_another_rate_becomes_the_clip_a_dataset_would_store_as_int16_little_endian() {
        float[] left = Wavs.sine(440, 0.5, 22050, 0.3);
        float[] right = Wavs.sine(660, 0.25, 22050, 0.3);
        byte[] stereo = Wavs.encode(1, 16, 1, 22050, new float[][] {left, right}, false);
        byte[] long16k = Wavs.pcm16(Wavs.sine(300, 0.8, 16000, 0.9), 16000);

        byte[] input = preparation.prepare("files", List.of(EncodedInput.of("files[0]", stereo),
                EncodedInput.of("files[1]", long16k)), card);

        assertThat(input).hasSize(2 * card.inputBytes()).hasSize(2 * 4000 * 2);
        AudioClips clips = new AudioClips(8000, 4000, AudioClips.MAX_SOURCE_SECONDS);
        assertThat(samples(input, 0)).as("mixed, resampled and padded as at ingest")
                .isEqualTo(clips.canonical(stereo));
        assertThat(samples(input, 1)).as("cut to the card's length").isEqualTo(clips.canonical(long16k));
        short[] first = samples(input, 0);
        int loudest = 0;
        for (int i = 0; i < 2300; i++) {
            loudest = Math.max(loudest, Math.abs(first[i]));
        }
        assertThat(loudest).as("0.3 s of sound: the two channels' mean peaks at up to 0.375 of full scale")
                .isGreaterThan(8000);
        assertThat(Arrays.copyOfRange(first, 2500, 4000)).as("padded with silence after 0.3 s").containsOnly(0);
    }

    @Test
    void every_bad_file_is_named_in_one_400_with_the_decoders_reason() {
        byte[] good = Wavs.pcm16(Wavs.sine(440, 0.5, 8000, 0.2), 8000);
        List<EncodedInput> inputs = List.of(EncodedInput.of("audio[0]", good),
                EncodedInput.of("audio[1]", Arrays.copyOf(good, 50)), EncodedInput.of("audio[2]", "hello".getBytes()),
                EncodedInput.unreadable("audio[3]", "not valid base64"));

        assertThatThrownBy(() -> preparation.prepare("audio", inputs, card))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("audio[1]", "audio[2]",
                            "audio[3]");
                    assertThat(e.errors().get(0).message()).isEqualTo("audio[1]: " + reason(Arrays.copyOf(good, 50)));
                    assertThat(e.errors().get(1).message()).contains("not a WAV");
                    assertThat(e.errors().get(2).message()).contains("not valid base64");
                });
    }

    @Test
    void no_files_is_a_400_too_many_a_413_and_files_over_the_size_limit_a_413() {
        assertThatThrownBy(() -> preparation.prepare("audio", List.of(), card))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
        byte[] good = Wavs.pcm16(Wavs.sine(440, 0.5, 8000, 0.2), 8000);
        List<EncodedInput> five = List.of(EncodedInput.of("a", good), EncodedInput.of("b", good),
                EncodedInput.of("c", good), EncodedInput.of("d", good), EncodedInput.of("e", good));
        assertThatThrownBy(() -> preparation.prepare("audio", five, card))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(413));
        byte[] big = Wavs.pcm16(Wavs.sine(440, 0.5, 48000, 1), 48000);
        assertThatThrownBy(() -> preparation.prepare("files", List.of(EncodedInput.of("files[0] (big.wav)", big)), card))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.errors().get(0).field()).isEqualTo("files[0] (big.wav)");
                });
    }

    /** What the datasets' decoder says of {@code wav}. */
    private static String reason(byte[] wav) {
        try {
            AudioClips.defaults().canonical(wav);
            return "decoded";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static short[] samples(byte[] input, int clip) {
        short[] out = new short[4000];
        for (int i = 0; i < out.length; i++) {
            int at = clip * 8000 + 2 * i;
            out[i] = (short) ((input[at] & 0xFF) | (input[at + 1] << 8));
        }
        return out;
    }
}
