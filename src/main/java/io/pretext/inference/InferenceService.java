package io.pretext.inference;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pretext.model.ModelRegistry;
import io.pretext.model.ModelVersion;
import io.pretext.web.ConflictException;
import io.pretext.web.InvalidRequestException;
import org.springframework.stereotype.Service;

/**
 * Serves one inference request: resolves the model for the caller's tenant, prepares the images (or
 * tokenises the texts), queues them on the model's worker and waits for the rows within the request
 * timeout. Thread-safe.
 */
@Service
class InferenceService {

    /** The rows for a request's images and the version that computed them. */
    record Result(ModelVersion model, float[][] rows) {
    }

    private final ModelRegistry registry;
    private final ModelCache cache;
    private final ImagePreparation images;
    private final InferenceMetrics metrics;
    private final Duration timeout;
    private final Clock clock;

    InferenceService(ModelRegistry registry, ModelCache cache, ImagePreparation images, InferenceMetrics metrics,
            InferenceProperties properties, Clock clock) {
        this.registry = registry;
        this.cache = cache;
        this.images = images;
        this.metrics = metrics;
        this.timeout = properties.timeout();
        this.clock = clock;
    }

    /**
     * @param field the request field the images came in, for error messages
     * @throws io.pretext.web.NotFoundException for an unknown model
     * @throws InvalidRequestException 422 when the model reads text
     * @throws InferenceRejectedException when the queue is full (429) or time ran out (503)
     */
    Result infer(String reference, Operation operation, String field, List<ImageInput> inputs) {
        return run(reference, operation, false, inputs.size(), model -> images.prepare(field, inputs, model.card()));
    }

    /**
     * @param texts the texts, none null (the controller checks them)
     * @throws InvalidRequestException 422 when the model reads images
     */
    Result inferTexts(String reference, Operation operation, List<String> texts) {
        return run(reference, operation, true, texts.size(), model -> worker(model).encodeTexts(texts));
    }

    private Result run(String reference, Operation operation, boolean text, int count,
            java.util.function.Function<ModelVersion, byte[]> prepare) {
        Instant start = clock.instant();
        ModelVersion model = registry.resolve(reference);
        if (model.card().readsText() != text) {
            throw new InvalidRequestException(422, text ? "texts" : "images", "Model " + model.name() + " version "
                    + model.version() + " reads " + (text ? "images: send images" : "text: send {\"texts\": [...]}"));
        }
        if (operation == Operation.CLASSIFICATIONS && !model.card().classifies()) {
            throw new InvalidRequestException(422, "id", "Model " + model.name() + " version " + model.version()
                    + " has no classification head (a pretrained encoder): ask it for embeddings");
        }
        String outcome = "error";
        try {
            // Shed load before the costly part: decoding or tokenising a request that cannot queue anyway.
            worker(model).requireRoom();
            byte[] input = prepare.apply(model);
            float[][] rows = await(model, submit(model, operation, input, count, start.plus(timeout)), start);
            outcome = "ok";
            return new Result(model, rows);
        } catch (io.pretext.web.ValidationException | InvalidRequestException e) {
            outcome = "invalid";
            throw e;
        } catch (InferenceRejectedException e) {
            outcome = "rejected";
            metrics.rejected(model, e.reason());
            throw e;
        } finally {
            metrics.request(model, operation, outcome, Duration.between(start, clock.instant()));
        }
    }

    private CompletableFuture<float[][]> submit(ModelVersion model, Operation operation, byte[] pixels, int count,
            Instant deadline) {
        try {
            return worker(model).submit(operation, pixels, count, deadline);
        } catch (InferenceRejectedException e) {
            if (e.reason() != InferenceRejectedException.Reason.UNLOADED) {
                throw e;
            }
            // Unloaded between lookup and submit: the cache loads it again.
            return worker(model).submit(operation, pixels, count, deadline);
        }
    }

    private ModelWorker worker(ModelVersion model) {
        try {
            return cache.worker(model);
        } catch (IOException | RuntimeException e) {
            // A checkpoint that is gone or does not fit its card: the model's state, not the request's.
            throw new ConflictException("Model " + model.name() + " version " + model.version()
                    + " cannot be loaded: " + e.getMessage());
        }
    }

    private float[][] await(ModelVersion model, CompletableFuture<float[][]> result, Instant start) {
        long left = Duration.between(clock.instant(), start.plus(timeout)).toMillis();
        try {
            return result.get(Math.max(left, 0), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new InferenceRejectedException(InferenceRejectedException.Reason.TIMEOUT, "Model " + model.name()
                    + " did not answer within " + timeout + " (pretext.inference.timeout)", Duration.ofSeconds(1));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
    }
}
