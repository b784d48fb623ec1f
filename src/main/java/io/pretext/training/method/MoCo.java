package io.pretext.training.method;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.loss.InfoNceLoss;
import io.pretext.training.ops.Forward;
import io.pretext.training.ops.Vectors;

/**
 * MoCo v2 (Chen et al. 2020): queries from the online encoder and projection MLP, keys from a
 * momentum copy of both, InfoNCE against a queue of earlier keys. The queue starts random; it and
 * its write position are the method's state in a checkpoint ({@link #methodState()}), so a resumed
 * run contrasts against the same keys an uninterrupted one would. Not thread-safe.
 */
public final class MoCo extends NetworkObjective {

    private static final int STATE_FORMAT = 1;

    private final Block projector;
    private final MomentumTarget keyNetwork;
    private final InfoNceLoss loss;
    private final Views views;
    private final int queueSize;
    private final double momentum;
    private NDArray queue;
    private int next;
    private NDArray pendingKeys;

    public MoCo(Block encoder, Block projector, Block keyNetwork, double temperature, int queueSize,
            double momentum, Views views) {
        super(encoder, new SequentialBlock().add(encoder).add(projector));
        this.projector = projector;
        this.keyNetwork = new MomentumTarget(network, keyNetwork);
        this.loss = new InfoNceLoss((float) temperature);
        this.views = views;
        this.queueSize = queueSize;
        this.momentum = momentum;
    }

    @Override
    public void initialize(NDManager manager, Shape input) {
        network.initialize(manager, DataType.FLOAT32, input);
        keyNetwork.initialize(manager, input);
        long width = network.getOutputShapes(new Shape[] {input})[0].get(1);
        NDArray random = manager.randomNormal(new Shape(queueSize, width));
        queue = Vectors.l2Normalize(random);
    }

    /** Reads {@link Stream#UNLABELED}. */
    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray images = batch.get(Stream.UNLABELED);
        NDArray queries = Forward.training(network, step, views.view(0, step, images, random));
        NDArray keys = keyNetwork.forward(step, views.view(1, step, images, random));
        pendingKeys = Vectors.l2Normalize(keys);
        NDScope.unregister(pendingKeys); // used after the step; the step manager frees it
        // The training loop's per-step scope frees what the loss derives from the queue.
        return loss.evaluate(queries, keys, queue);
    }

    @Override
    public void afterStep(double progress) {
        keyNetwork.update(momentum);
        enqueue(pendingKeys);
        pendingKeys = null;
    }

    private void enqueue(NDArray keys) {
        int n = (int) Math.min(keys.getShape().get(0), queueSize);
        int first = Math.min(n, queueSize - next);
        queue.set(new NDIndex(next + ":" + (next + first)), keys.get("0:" + first));
        if (first < n) {
            queue.set(new NDIndex("0:" + (n - first)), keys.get(first + ":" + n));
        }
        next = (next + n) % queueSize;
    }

    /** The queue's write position, then the queue ({@code queueSize × width}, L2-normalised keys). */
    @Override
    public byte[] methodState() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_FORMAT);
            out.writeInt(next);
            byte[] encoded = queue.encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restoreMethodState(InputStream in, NDManager manager) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int format = data.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("MoCo state of unknown format " + format);
        }
        int position = data.readInt();
        byte[] encoded = new byte[data.readInt()];
        data.readFully(encoded);
        try (NDArray saved = NDArray.decode(manager, encoded)) {
            if (!saved.getShape().equals(queue.getShape()) || position < 0 || position >= queueSize) {
                throw new IOException("MoCo queue of shape " + saved.getShape() + " at " + position
                        + " does not fit this model's " + queue.getShape());
            }
            saved.copyTo(queue);
        }
        next = position;
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, encoder, "projector", projector, "target", keyNetwork.block());
    }
}
