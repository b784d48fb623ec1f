package io.pretext.dataset.ingest;

/**
 * Bilinear resizing of uint8 CHW images. Stateless and thread-safe. Exposed to other modules so
 * that inference resizes request images exactly as datasets were resized for training.
 */
@org.springframework.modulith.NamedInterface("images")
public final class ImageResize {

    private ImageResize() {
    }

    /** Resizes each channel of {@code chw} from {@code h x w} to {@code size x size}. */
    public static byte[] square(byte[] chw, int channels, int h, int w, int size) {
        return resize(chw, channels, h, w, size, size);
    }

    /**
     * Resizes each channel of {@code chw} from {@code h x w} to {@code outH x outW}.
     *
     * @return {@code chw} itself when the size already fits, else a new array
     */
    public static byte[] resize(byte[] chw, int channels, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return chw;
        }
        byte[] out = new byte[channels * outH * outW];
        double sy = (double) h / outH;
        double sx = (double) w / outW;
        for (int c = 0; c < channels; c++) {
            int in = c * h * w;
            int o = c * outH * outW;
            for (int y = 0; y < outH; y++) {
                double fy = Math.max(0, (y + 0.5) * sy - 0.5);
                int y0 = Math.min((int) fy, h - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                double dy = fy - y0;
                for (int x = 0; x < outW; x++) {
                    double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                    int x0 = Math.min((int) fx, w - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    double dx = fx - x0;
                    double top = px(chw, in + y0 * w + x0) * (1 - dx) + px(chw, in + y0 * w + x1) * dx;
                    double bottom = px(chw, in + y1 * w + x0) * (1 - dx) + px(chw, in + y1 * w + x1) * dx;
                    out[o + y * outW + x] = (byte) Math.round(top * (1 - dy) + bottom * dy);
                }
            }
        }
        return out;
    }

    private static int px(byte[] data, int index) {
        return data[index] & 0xff;
    }
}
