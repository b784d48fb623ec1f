package io.pretext.console;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import io.pretext.dataset.DatasetReader;
import io.pretext.testing.DatasetFiles;

/** Files a person would pick in the console's forms: IDX images and labels, and a PNG. Stateless. */
final class SquareFiles {

    private SquareFiles() {
    }

    static byte[] labels(DatasetReader.Images images) {
        byte[] labels = new byte[images.numSamples()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.labels()[i];
        }
        return labels;
    }

    static void writeIdx(DatasetReader.Images images, Path file, Path labelFile) throws IOException {
        Files.write(file, DatasetFiles.idx(0x00000803, new int[] {images.numSamples(), images.height(), images.width()},
                images.pixels()));
        Files.write(labelFile, DatasetFiles.idxLabels(labels(images)));
    }

    static void writePng(DatasetReader.Images images, int index, Path file) throws IOException {
        int size = images.width();
        BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = images.pixels()[index * size * size + y * size + x] & 0xff;
                picture.getRaster().setSample(x, y, 0, v);
            }
        }
        ImageIO.write(picture, "png", new File(file.toString()));
    }
}
