package io.pretext.dataset.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes a RIFF/WAVE file to mono samples in [-1, 1]: PCM 8 (unsigned), 16, 24 and 32-bit integer,
 * or 32-bit IEEE float, in a plain {@code fmt } chunk (format tag 1 or 3) or a
 * {@code WAVE_FORMAT_EXTENSIBLE} one (0xFFFE) whose sub-format is PCM or float; any channel count,
 * averaged to mono. Every header field is checked against the bytes actually present, so a
 * truncated file or one whose header lies fails with a message instead of reading garbage.
 * Stateless and thread-safe.
 */
public final class WavDecoder {

    /** Lowest and highest source sample rates accepted, in Hz. */
    public static final int MIN_RATE = 1_000;
    public static final int MAX_RATE = 384_000;

    private static final int PCM = 1;
    private static final int FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHANNELS = 16;

    /**
     * A decoded clip.
     *
     * @param samples mono samples in [-1, 1] (float input is clamped)
     * @param sampleRate samples per second
     */
    public record Clip(float[] samples, int sampleRate) {

        /** Length in seconds. */
        public double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    private WavDecoder() {
    }

    /** Whether {@code bytes} start like a WAV file ({@code RIFF....WAVE}). */
    public static boolean isWav(byte[] bytes) {
        return bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'A' && bytes[10] == 'V' && bytes[11] == 'E';
    }

    /**
     * @param maxSeconds longest clip accepted
     * @throws WavException saying what is wrong with the file
     */
    public static Clip decode(byte[] bytes, double maxSeconds) {
        if (!isWav(bytes)) {
            throw new WavException("not a WAV file (no RIFF/WAVE header)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(12);
        Format format = null;
        while (in.remaining() >= 8) {
            String id = fourCc(in);
            long size = Integer.toUnsignedLong(in.getInt());
            if (size > in.remaining()) {
                throw new WavException("chunk '" + id + "' declares " + size + " bytes but only " + in.remaining()
                        + " follow (truncated or lying header)");
            }
            int start = in.position();
            if (id.equals("fmt ")) {
                format = Format.read(in, (int) size);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new WavException("the data chunk comes before any fmt chunk");
                }
                return new Clip(format.decode(in, (int) size, maxSeconds), format.rate);
            }
            // Chunks are padded to an even length.
            in.position((int) Math.min(bytes.length, start + size + (size & 1)));
        }
        throw new WavException(format == null ? "no fmt chunk" : "no data chunk");
    }

    private static String fourCc(ByteBuffer in) {
        byte[] id = new byte[4];
        in.get(id);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The fields of a {@code fmt } chunk that decoding needs. */
    private record Format(boolean floating, int channels, int rate, int bits, int blockAlign) {

        static Format read(ByteBuffer in, int size) {
            if (size < 16) {
                throw new WavException("fmt chunk of " + size + " bytes; at least 16 are needed");
            }
            int tag = Short.toUnsignedInt(in.getShort());
            int channels = Short.toUnsignedInt(in.getShort());
            int rate = in.getInt();
            in.getInt(); // byte rate: derived, and often wrong in the wild, so not trusted
            int blockAlign = Short.toUnsignedInt(in.getShort());
            int bits = Short.toUnsignedInt(in.getShort());
            if (tag == EXTENSIBLE) {
                if (size < 40) {
                    throw new WavException("WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size + " bytes; 40 are needed");
                }
                in.getShort(); // extension size
                in.getShort(); // valid bits per sample: the container width is what is stored
                in.getInt(); // channel mask
                tag = Short.toUnsignedInt(in.getShort()); // the sub-format GUID starts with the plain tag
            }
            if (tag != PCM && tag != FLOAT) {
                throw new WavException("unsupported codec: format tag 0x" + Integer.toHexString(tag)
                        + "; only PCM (1), IEEE float (3) and extensible PCM/float are read");
            }
            boolean floating = tag == FLOAT;
            if (floating ? bits != 32 : bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                throw new WavException((floating ? "float" : "PCM") + " with " + bits + " bits per sample; "
                        + "PCM 8, 16, 24 or 32-bit and 32-bit float are read");
            }
            if (channels < 1 || channels > MAX_CHANNELS) {
                throw new WavException(channels + " channels; 1 to " + MAX_CHANNELS + " are read");
            }
            if (rate < MIN_RATE || rate > MAX_RATE) {
                throw new WavException("sample rate " + Integer.toUnsignedString(rate) + " Hz is out of range "
                        + MIN_RATE + ".." + MAX_RATE);
            }
            if (blockAlign != channels * bits / 8) {
                throw new WavException("block align " + blockAlign + " does not match " + channels + " channels of "
                        + bits + " bits");
            }
            return new Format(floating, channels, rate, bits, blockAlign);
        }

        float[] decode(ByteBuffer in, int size, double maxSeconds) {
            int frames = size / blockAlign;
            if (frames == 0) {
                throw new WavException("zero-length clip: the data chunk holds no complete sample frame");
            }
            if (frames > maxSeconds * rate) {
                throw new WavException(String.format(java.util.Locale.ROOT,
                        "clip of %.1f s is longer than the %.1f s limit", (double) frames / rate, maxSeconds));
            }
            float[] mono = new float[frames];
            for (int f = 0; f < frames; f++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += sample(in);
                }
                mono[f] = (float) (sum / channels);
            }
            return mono;
        }

        private double sample(ByteBuffer in) {
            if (floating) {
                float v = in.getFloat();
                // NaN or infinities would poison every later computation.
                return Float.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
            }
            return switch (bits) {
                case 8 -> ((in.get() & 0xFF) - 128) / 128.0;
                case 16 -> in.getShort() / 32768.0;
                case 24 -> ((in.get() & 0xFF) | (in.get() & 0xFF) << 8 | in.get() << 16) / 8388608.0;
                default -> in.getInt() / 2147483648.0;
            };
        }
    }

    /**
     * The file is not a WAV this decoder reads; the message says why. An
     * {@link IllegalArgumentException}, so that modules given only {@link AudioClips} can catch it.
     */
    public static final class WavException extends IllegalArgumentException {
        WavException(String message) {
            super(message);
        }
    }
}
