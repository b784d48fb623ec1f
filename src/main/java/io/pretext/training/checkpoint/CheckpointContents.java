package io.pretext.training.checkpoint;

import java.util.Map;

import ai.djl.nn.Block;
import io.pretext.training.ArtifactLayout;

/**
 * What one checkpoint holds. Immutable (the blocks are not: they are read when written).
 *
 * @param blocks the blocks whose parameters it holds, by file name stem (always the encoder)
 * @param optimizerState the optimizer's moments and counts ({@code Optimization.state()})
 * @param methodState the method's state beyond its parameters ({@code Objective.methodState()},
 *     e.g. MoCo's queue), or null when it has none
 * @param files other files the model needs, by name (a text model's {@link ArtifactLayout#TOKENIZER})
 * @param meta what {@link ArtifactLayout#META} records (epoch, metrics, model card, provenance)
 */
public record CheckpointContents(Map<String, Block> blocks, byte[] optimizerState, byte[] methodState,
        Map<String, byte[]> files, Map<String, Object> meta) {
}
