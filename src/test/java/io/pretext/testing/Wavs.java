package io.pretext.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** WAV files built byte by byte for tests, in any of the encodings the decoder reads (and some it must refuse). */
public final class Wavs {

    private Wavs() {
    }

    /** A sine of {@code hz} at amplitude {@code amplitude}, {@code seconds} long. */
    public static float[] sine(double hz, double amplitude, int rate, double seconds) {
        float[] x = new float[(int) Math.round(rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** 16-bit PCM mono. */
    public static byte[] pcm16(float[] samples, int rate) {
        return encode(1, 16, 1, rate, new float[][] {samples}, false);
    }

    /**
     * @param tag format tag: 1 PCM, 3 float, 0xFFFE extensible (sub-format {@code subTag}), anything else
     *     to test refusal
     * @param channels one array of samples per channel, all the same length
     */
    public static byte[] encode(int tag, int bits, int subTag, int rate, float[][] channels, boolean floating) {
        int frames = channels[0].length;
        int blockAlign = channels.length * bits / 8;
        ByteBuffer data = ByteBuffer.allocate(frames * blockAlign).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            for (float[] channel : channels) {
                double v = channel[f];
                if (floating) {
                    data.putFloat((float) v);
                } else {
                    switch (bits) {
                        case 8 -> data.put((byte) (Math.round(v * 127) + 128));
                        case 16 -> data.putShort((short) Math.round(v * 32767));
                        case 24 -> {
                            int s = (int) Math.round(v * 8388607);
                            data.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                        }
                        default -> data.putInt((int) Math.round(v * 2147483647.0));
                    }
                }
            }
        }
        return riff(fmt(tag, channels.length, rate, bits, blockAlign, subTag), data.array(), data.capacity());
    }

    /** The fmt chunk's body: 16 bytes, or 40 for the extensible form. */
    public static byte[] fmt(int tag, int channels, int rate, int bits, int blockAlign, int subTag) {
        ByteBuffer fmt = ByteBuffer.allocate(tag == 0xFFFE ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        if (tag == 0xFFFE) {
            fmt.putShort((short) 22).putShort((short) bits).putInt(0).putShort((short) subTag)
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        return fmt.array();
    }

    /**
     * A RIFF/WAVE file with a {@code LIST} chunk (which readers must skip), the fmt chunk and a data
     * chunk whose header says {@code declaredDataBytes} (which may lie).
     */
    public static byte[] riff(byte[] fmt, byte[] data, int declaredDataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] list = {'I', 'N', 'F', 'O', 'x'};
        int size = 4 + 8 + list.length + 1 + 8 + fmt.length + 8 + data.length;
        write(out, "RIFF", size);
        out.writeBytes("WAVE".getBytes());
        write(out, "LIST", list.length);
        out.writeBytes(list);
        out.write(0); // pad to even length
        write(out, "fmt ", fmt.length);
        out.writeBytes(fmt);
        write(out, "data", declaredDataBytes);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String id, int size) {
        out.writeBytes(id.getBytes());
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(size).array());
    }
}
