package io.pretext.inference;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model for worker tests: images are one byte each, a row is {@code [that byte, operation]}.
 * Records every forward pass; the first one can be held until {@link #release()}.
 */
final class FakeModel implements BatchModel {

    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch gate;
    private final long bytes;
    volatile RuntimeException failure;

    FakeModel(boolean holdFirst, long bytes) {
        this.gate = new CountDownLatch(holdFirst ? 1 : 0);
        this.bytes = bytes;
    }

    void release() {
        gate.countDown();
    }

    void awaitEntered() throws InterruptedException {
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the worker never ran the model");
        }
    }

    @Override
    public float[][] run(Operation operation, byte[] pixels, int count) {
        entered.countDown();
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batches.add(count);
        if (failure != null) {
            throw failure;
        }
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = new float[] {pixels[i], operation.ordinal()};
        }
        return rows;
    }

    @Override
    public byte[] encodeTexts(java.util.List<String> texts) {
        throw new IllegalStateException("an image model");
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
