package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;

import io.pretext.testing.Wavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavDecoderTest {

    private static final float[] RAMP = {0f, 0.25f, -0.5f, 0.75f, -1f, 0.125f};

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("pcm 8-bit", 1, 8, 0, false, 1.0 / 64),
                Arguments.of("pcm 16-bit", 1, 16, 0, false, 1e-4),
                Arguments.of("pcm 24-bit", 1, 24, 0, false, 1e-6),
                Arguments.of("pcm 32-bit", 1, 32, 0, false, 1e-6),
                Arguments.of("float 32-bit", 3, 32, 0, true, 0.0),
                Arguments.of("extensible pcm 16-bit", 0xFFFE, 16, 1, false, 1e-4),
                Arguments.of("extensible float", 0xFFFE, 32, 3, true, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void every_supported_encoding_decodes_to_the_samples_written(String name, int tag, int bits, int subTag,
            boolean floating, double tolerance) {
        byte[] wav = Wavs.encode(tag, bits, subTag, 22_050, new float[][] {RAMP}, floating);

        WavDecoder.Clip clip = WavDecoder.decode(wav, 10);

        assertThat(clip.sampleRate()).isEqualTo(22_050);
        assertThat(clip.samples()).hasSize(RAMP.length);
        for (int i = 0; i < RAMP.length; i++) {
            assertThat((double) clip.samples()[i]).as("sample %d", i).isCloseTo(RAMP[i], within(tolerance + 1e-7));
        }
    }

    @Test
    void stereo_is_averaged_to_mono() {
        float[] left = {0.5f, -0.5f, 1f};
        float[] right = {0.25f, 0.5f, -1f};

        float[] mono = WavDecoder.decode(Wavs.encode(3, 32, 0, 8_000, new float[][] {left, right}, true), 10)
                .samples();

        assertThat(mono).containsExactly(0.375f, 0f, 0f);
    }

    @Test
    void non_finite_floats_become_silence_and_loud_ones_are_clipped() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, 3f, -7f};

        float[] decoded = WavDecoder.decode(Wavs.encode(3, 32, 0, 8_000, new float[][] {x}, true), 10).samples();

        assertThat(decoded).containsExactly(0f, 0f, 1f, -1f);
    }

    static Stream<Arguments> hostile() {
        byte[] good = Wavs.pcm16(Wavs.sine(440, 0.5, 8_000, 0.1), 8_000);
        byte[] data = Arrays.copyOfRange(good, good.length - 1600, good.length);
        return Stream.of(
                Arguments.of("truncated data", Arrays.copyOf(good, good.length - 100), "truncated or lying header"),
                Arguments.of("lying data size", Wavs.riff(Wavs.fmt(1, 1, 8_000, 16, 2, 0), data, 1 << 30),
                        "truncated or lying header"),
                Arguments.of("ADPCM codec", Wavs.riff(Wavs.fmt(2, 1, 8_000, 4, 2, 0), data, data.length),
                        "unsupported codec: format tag 0x2"),
                Arguments.of("MP3 in extensible", Wavs.riff(Wavs.fmt(0xFFFE, 1, 8_000, 16, 2, 0x55), data,
                        data.length), "unsupported codec: format tag 0x55"),
                Arguments.of("12-bit PCM", Wavs.riff(Wavs.fmt(1, 1, 8_000, 12, 2, 0), data, data.length),
                        "12 bits per sample"),
                Arguments.of("rate too low", Wavs.riff(Wavs.fmt(1, 1, 500, 16, 2, 0), data, data.length),
                        "sample rate 500 Hz is out of range"),
                Arguments.of("rate too high", Wavs.riff(Wavs.fmt(1, 1, 1_000_000, 16, 2, 0), data, data.length),
                        "sample rate 1000000 Hz is out of range"),
                Arguments.of("zero channels", Wavs.riff(Wavs.fmt(1, 0, 8_000, 16, 0, 0), data, data.length),
                        "0 channels"),
                Arguments.of("wrong block align", Wavs.riff(Wavs.fmt(1, 2, 8_000, 16, 2, 0), data, data.length),
                        "block align 2 does not match"),
                Arguments.of("zero-length clip", Wavs.riff(Wavs.fmt(1, 1, 8_000, 16, 2, 0), new byte[0], 0),
                        "zero-length clip"),
                Arguments.of("not RIFF", "hello world, this is not a wav".getBytes(), "not a WAV file"),
                Arguments.of("no data chunk", Arrays.copyOf(good, 12 + 8 + 6 + 8 + 16), "no data chunk"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostile_files_are_refused_saying_why(String name, byte[] wav, String message) {
        assertThatThrownBy(() -> WavDecoder.decode(wav, 10)).isInstanceOf(WavDecoder.WavException.class)
                .hasMessageContaining(message);
    }

    @Test
    void clips_longer_than_the_limit_are_refused_before_decoding() {
        byte[] elevenSeconds = Wavs.encode(1, 8, 0, 1_000, new float[][] {new float[11_000]}, false);

        assertThatThrownBy(() -> WavDecoder.decode(elevenSeconds, 10)).hasMessageContaining("longer than the 10.0 s");
    }
}
