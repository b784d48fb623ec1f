package io.pretext.training.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.pretext.training.ops.Scalars;

/**
 * One pre-LayerNorm transformer block: {@code x + attention(norm(x))}, then
 * {@code x + mlp(norm(x))}, where attention is multi-head scaled dot-product self-attention that
 * ignores padding keys and the MLP is Linear-GELU-Linear. Takes and gives {@code (states, mask)}:
 * {@code N x L x width} floats and the {@code N x L} mask of real tokens. Not thread-safe.
 */
final class TransformerLayer extends AbstractBlock {

    private static final float EPSILON = 1e-5f;

    private final int width;
    private final int heads;
    private final float dropout;
    private final Parameter norm1Gamma;
    private final Parameter norm1Beta;
    private final Parameter norm2Gamma;
    private final Parameter norm2Beta;
    private final Block qkv;
    private final Block projection;
    private final Block expand;
    private final Block contract;

    TransformerLayer(int width, int heads, int feedForward, float dropout) {
        this.width = width;
        this.heads = heads;
        this.dropout = dropout;
        this.norm1Gamma = addParameter(norm("norm1Gamma", Parameter.Type.GAMMA));
        this.norm1Beta = addParameter(norm("norm1Beta", Parameter.Type.BETA));
        this.norm2Gamma = addParameter(norm("norm2Gamma", Parameter.Type.GAMMA));
        this.norm2Beta = addParameter(norm("norm2Beta", Parameter.Type.BETA));
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * width).build());
        this.projection = addChildBlock("projection", Linear.builder().setUnits(width).build());
        this.expand = addChildBlock("expand", Linear.builder().setUnits(feedForward).build());
        this.contract = addChildBlock("contract", Linear.builder().setUnits(width).build());
    }

    private Parameter norm(String name, Parameter.Type type) {
        return Parameter.builder().setName(name).setType(type).optShape(new Shape(width)).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray attended = attention(store, layerNorm(store, x, norm1Gamma, norm1Beta, training), mask, training,
                params);
        x = x.add(Dropout.dropout(attended, dropout, training).singletonOrThrow());
        NDArray hidden = Activation.gelu(forward(expand, store,
                layerNorm(store, x, norm2Gamma, norm2Beta, training), training, params));
        x = x.add(Dropout.dropout(forward(contract, store, hidden, training, params), dropout, training)
                .singletonOrThrow());
        return new NDList(x, mask);
    }

    private NDArray attention(ParameterStore store, NDArray x, NDArray mask, boolean training,
            PairList<String, Object> params) {
        long n = x.getShape().get(0);
        long length = x.getShape().get(1);
        int headWidth = width / heads;
        // N x L x 3W -> 3 x N x heads x L x headWidth
        NDArray qkvs = forward(qkv, store, x, training, params).reshape(n, length, 3, heads, headWidth)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkvs.get(0);
        NDArray k = qkvs.get(1);
        NDArray v = qkvs.get(2);
        NDArray scores = Scalars.times(q.matMul(k.transpose(0, 1, 3, 2)), 1.0f / (float) Math.sqrt(headWidth));
        // Padding keys get -1e9 before the softmax, so no query attends to them.
        NDArray keyBias = mask.sub(1f).mul(1e9f).reshape(n, 1, 1, length);
        NDArray weights = Dropout.dropout(scores.add(keyBias).softmax(-1), dropout, training).singletonOrThrow();
        NDArray context = weights.matMul(v).transpose(0, 2, 1, 3).reshape(n, length, width);
        return forward(projection, store, context, training, params);
    }

    private NDArray layerNorm(ParameterStore store, NDArray x, Parameter gamma, Parameter beta, boolean training) {
        return LayerNorm.layerNorm(x, new Shape(width), store.getValue(gamma, x.getDevice(), training),
                store.getValue(beta, x.getDevice(), training), EPSILON).singletonOrThrow();
    }

    private static NDArray forward(Block block, ParameterStore store, NDArray x, boolean training,
            PairList<String, Object> params) {
        return block.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape states = inputShapes[0];
        qkv.initialize(manager, dataType, states);
        projection.initialize(manager, dataType, states);
        expand.initialize(manager, dataType, states);
        contract.initialize(manager, dataType, expand.getOutputShapes(new Shape[] {states}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
