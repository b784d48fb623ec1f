package io.pretext.training.loop;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns autograd recording off on the calling thread. PyTorch's grad mode is per thread and on by
 * default in every thread but the one the engine started on, so code that updates parameters in
 * place (optimizer steps, EMA targets) or only runs forward passes must not rely on it being off.
 * A gradient collector turns it on for its own scope. Thread-safe (affects only the caller).
 */
public final class GradMode {

    private GradMode() {
    }

    public static void off() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
