package io.pretext.training;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What may happen at any moment between a forward and a backward pass: a garbage collection frees
 * every unreachable direct buffer, and the native allocator hands their memory out again. Tests call
 * {@link #collectAndReuse()} there, so an autograd graph that still points into such a buffer (issue
 * 18's NaN) reads {@link #GARBAGE} instead of the value it recorded, every time rather than once in
 * ten runs.
 */
public final class FreedMemory {

    /** What the reused memory holds: large enough to turn any gradient that reads it absurd. */
    public static final float GARBAGE = 1e30f;

    private FreedMemory() {
    }

    public static void collectAndReuse() {
        System.gc();
        try {
            // DirectByteBuffer's cleaner frees the memory on the reference handler thread, just after the GC.
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            reuse.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, GARBAGE));
        }
    }
}
