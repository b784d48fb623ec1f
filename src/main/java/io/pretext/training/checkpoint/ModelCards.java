package io.pretext.training.checkpoint;

import java.util.List;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.ModelCard;

/** Builds the {@link ModelCard} a checkpoint carries. Stateless. */
public final class ModelCards {

    private ModelCards() {
    }

    /**
     * @param stats {@code {mean, std}} per channel in [0, 1] units
     * @param classes class names of the head, or null for an encoder without one
     */
    public static ModelCard of(String encoderName, DatasetReader.Images data, float[][] stats, List<String> classes,
            Block encoder) {
        Shape output = encoder.getOutputShapes(new Shape[] {new Shape(1, data.channels(), data.height(),
                data.width())})[0];
        return new ModelCard(encoderName, data.channels(), data.height(), data.width(), stats[0], stats[1], classes,
                (int) output.get(1));
    }
}
