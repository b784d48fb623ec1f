package io.pretext.training.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Token plus learned position embeddings. Takes {@code N x L} int64 token ids and gives the
 * {@code N x L x width} states together with the {@code N x L} float mask of real (non-padding)
 * tokens that attention and pooling need. Not thread-safe.
 */
final class TokenEmbedding extends AbstractBlock {

    private final Parameter tokens;
    private final Parameter positions;
    private final int width;
    private final float dropout;

    TokenEmbedding(int vocabSize, int maxLength, int width, float dropout) {
        this.width = width;
        this.dropout = dropout;
        // BERT's initialisation: N(0, 0.02) for both tables.
        this.tokens = addParameter(Parameter.builder().setName("tokens").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, width)).optInitializer(new NormalInitializer(0.02f)).build());
        this.positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(maxLength, width)).optInitializer(new NormalInitializer(0.02f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        long length = ids.getShape().get(1);
        NDArray table = store.getValue(tokens, ids.getDevice(), training);
        NDArray position = store.getValue(positions, ids.getDevice(), training).get(new NDIndex(":{}", length));
        NDArray states = Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow().add(position);
        NDArray mask = ids.neq(Tokenizer.PAD).toType(DataType.FLOAT32, false);
        return new NDList(Dropout.dropout(states, dropout, training).singletonOrThrow(), mask);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), width), ids};
    }
}
