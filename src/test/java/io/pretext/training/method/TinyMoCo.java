package io.pretext.training.method;

import java.util.List;
import java.util.Random;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.data.TrainingData;

/**
 * A MoCo small enough for tests that train a few steps in well under a second: 8 × 8 grey images,
 * a linear encoder with BatchNorm (so running statistics are in play), a linear projector, weak
 * views and a queue of a couple of batches (so it wraps around).
 */
public final class TinyMoCo {

    /** The input shape to initialise with. */
    public static final Shape INPUT = new Shape(2, 1, 8, 8);

    private TinyMoCo() {
    }

    public static MoCo create(int queueSize) {
        Views views = Views.of(new float[] {0.5f}, new float[] {0.25f}, new BatchAugmenter(ViewTransform.WEAK),
                new BatchAugmenter(ViewTransform.WEAK));
        return new MoCo(encoder(), projector(), new SequentialBlock().add(encoder()).add(projector()), 0.2, queueSize,
                0.9, views);
    }

    /** {@code n} random 8 × 8 grey images (one class), the same for the same seed. */
    public static TrainingData images(int n, long seed) {
        byte[] pixels = new byte[n * 64];
        new Random(seed).nextBytes(pixels);
        return TrainingData.of(new DatasetReader.Images(n, 1, 8, 8, pixels, new int[n], List.of("a"), "sha-" + seed));
    }

    private static Block encoder() {
        return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(8).build())
                .add(BatchNorm.builder().build());
    }

    private static Block projector() {
        return Linear.builder().setUnits(4).build();
    }
}
