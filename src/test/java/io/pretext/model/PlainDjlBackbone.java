package io.pretext.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import io.pretext.dataset.ingest.ImageDecoding;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The README's "backbone in plain DJL" code, for a cnn-small backbone zip, to test that it works. */
final class PlainDjlBackbone {

    private PlainDjlBackbone() {
    }

    /** The embedding of one image at the card's size, computed from the zip with DJL alone. */
    static float[] embed(Path zipFile, byte[] image) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile()); NDManager manager = NDManager.newBaseManager()) {
            JsonNode card = JsonMapper.builder().build().readTree(zip.getInputStream(zip.getEntry("card.json")));
            int c = card.get("channels").asInt();
            int h = card.get("height").asInt();
            int w = card.get("width").asInt();
            float[] mean = floats(card.get("mean"));
            float[] std = floats(card.get("std"));
            byte[] pixels = ImageDecoding.decodeChw(image, c);
            int n = 1;
            // As in the README, word for word from here on.
            SequentialBlock encoder = new SequentialBlock();
            for (int filters : new int[] {32, 64, 128}) {
                encoder.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build())
                        .add(BatchNorm.builder().build()).add(Activation::relu);
                if (filters < 128) {
                    encoder.add(Pool.maxPool2dBlock(new Shape(2, 2)));
                }
            }
            encoder.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, c, h, w));
            try (DataInputStream in = new DataInputStream(zip.getInputStream(zip.getEntry("encoder.params")))) {
                encoder.loadParameters(manager, in);
            }
            NDArray x = manager.create(ByteBuffer.wrap(pixels), new Shape(n, c, h, w), DataType.UINT8)
                    .toType(DataType.FLOAT32, false).div(255f)
                    .sub(manager.create(mean).reshape(1, c, 1, 1)).div(manager.create(std).reshape(1, c, 1, 1));
            NDArray embeddings = encoder.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            return embeddings.toFloatArray();
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(e);
        }
    }

    /**
     * A 16x16 gray PNG with pixel values below 128, where uint8 and int8 readings of the pixels
     * agree (training reads them with DJL's {@code create(byte[])}, which is int8).
     */
    static byte[] darkPng(long seed) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(seed);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.getRaster().setSample(x, y, 0, random.nextInt(128));
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
