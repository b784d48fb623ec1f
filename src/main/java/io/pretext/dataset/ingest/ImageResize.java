package io.pretext.dataset.ingest;

/** Bilinear resizing of uint8 CHW images. Stateless and thread-safe. */
final class ImageResize {

    private ImageResize() {
    }

    /** Resizes each channel of {@code chw} from {@code h x w} to {@code size x size}. */
    static byte[] square(byte[] chw, int channels, int h, int w, int size) {
        if (h == size && w == size) {
            return chw;
        }
        byte[] out = new byte[channels * size * size];
        double sy = (double) h / size;
        double sx = (double) w / size;
        for (int c = 0; c < channels; c++) {
            int in = c * h * w;
            int o = c * size * size;
            for (int y = 0; y < size; y++) {
                double fy = Math.max(0, (y + 0.5) * sy - 0.5);
                int y0 = Math.min((int) fy, h - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                double dy = fy - y0;
                for (int x = 0; x < size; x++) {
                    double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                    int x0 = Math.min((int) fx, w - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    double dx = fx - x0;
                    double top = px(chw, in + y0 * w + x0) * (1 - dx) + px(chw, in + y0 * w + x1) * dx;
                    double bottom = px(chw, in + y1 * w + x0) * (1 - dx) + px(chw, in + y1 * w + x1) * dx;
                    out[o + y * size + x] = (byte) Math.round(top * (1 - dy) + bottom * dy);
                }
            }
        }
        return out;
    }

    private static int px(byte[] data, int index) {
        return data[index] & 0xff;
    }
}
