package io.pretext.training.child;

import java.io.PrintStream;

import io.pretext.training.ChildEvent;
import io.pretext.training.ChildEventCodec;

/**
 * The child's channel to its supervisor: each {@link ChildEvent} as one line on stdout, flushed at
 * once (the supervisor records progress as it arrives). Thread-safe: lines never interleave.
 */
public final class ChildEvents {

    private final PrintStream out;

    public ChildEvents(PrintStream out) {
        this.out = out;
    }

    public synchronized void send(ChildEvent event) {
        out.println(ChildEventCodec.write(event));
        out.flush();
    }
}
