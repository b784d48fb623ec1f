package io.pretext.inference;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of model serving under {@code pretext.inference}. Immutable.
 *
 * @param maxBatchSize most images in one forward pass
 * @param maxDelay how long the first request of a batch waits for others to fill it
 * @param queueCapacity requests a model may have admitted at once (being read, queued or in a
 *     forward pass), and the size of its queue; fewer are admitted once measured forward passes
 *     show that not all of them would be answered within {@code timeout} ({@link AdmissionPolicy}).
 *     One more is answered 429 with {@code Retry-After} before its body is read
 * @param timeout how long a request may wait and run before it is answered 503; also what
 *     admission sizes the per-model limit by
 * @param cacheSize memory budget of loaded models (their parameter bytes); least recently used
 *     models are unloaded to stay within it (one model is always kept, whatever its size)
 * @param maxImages most images in one request
 * @param maxImageSize largest encoded image (bytes)
 * @param maxImagePixels largest image (width times height) decoded
 * @param maxRequestSize largest JSON request body (base64 images are parsed in memory)
 */
@ConfigurationProperties("pretext.inference")
record InferenceProperties(
        @DefaultValue("32") int maxBatchSize,
        @DefaultValue("5ms") Duration maxDelay,
        @DefaultValue("64") int queueCapacity,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("1GB") DataSize cacheSize,
        @DefaultValue("256") int maxImages,
        @DefaultValue("10MB") DataSize maxImageSize,
        @DefaultValue("16777216") long maxImagePixels,
        @DefaultValue("64MB") DataSize maxRequestSize) {

    InferenceProperties {
        if (maxBatchSize < 1 || queueCapacity < 1 || maxImages < 1 || maxImagePixels < 1) {
            throw new IllegalArgumentException("pretext.inference: max-batch-size, queue-capacity, max-images and "
                    + "max-image-pixels must be at least 1");
        }
        if (maxDelay.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("pretext.inference: max-delay must be 0 or more, timeout positive");
        }
    }
}
