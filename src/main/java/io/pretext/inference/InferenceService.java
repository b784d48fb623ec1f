package io.pretext.inference;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.pretext.dataset.Modality;
import io.pretext.model.ModelRegistry;
import io.pretext.model.ModelVersion;
import io.pretext.security.CurrentTenant;
import io.pretext.web.ConflictException;
import io.pretext.web.InvalidRequestException;
import org.springframework.stereotype.Service;

/**
 * Serves one inference request: resolves the model for the caller's tenant, prepares the images or
 * WAV clips (or tokenises the texts), queues them on the model's worker and waits for the rows within the request
 * timeout. Thread-safe.
 */
@Service
class InferenceService {

    /** The rows for a request's images and the version that computed them. */
    record Result(ModelVersion model, float[][] rows) {
    }

    /** How long a reference's last resolution is trusted (see {@link ResolvedReferences}). */
    private static final Duration RESOLUTION_TTL = Duration.ofSeconds(1);

    private final ModelRegistry registry;
    private final ModelCache cache;
    private final ImagePreparation images;
    private final AudioPreparation audio;
    private final InferenceMetrics metrics;
    private final Duration timeout;
    private final Clock clock;
    private final CurrentTenant tenant;
    private final ResolvedReferences resolved;

    InferenceService(ModelRegistry registry, ModelCache cache, ImagePreparation images, InferenceMetrics metrics,
            InferenceProperties properties, Clock clock, CurrentTenant tenant) {
        this.registry = registry;
        this.cache = cache;
        this.images = images;
        this.audio = new AudioPreparation(properties);
        this.metrics = metrics;
        this.timeout = properties.timeout();
        this.clock = clock;
        this.tenant = tenant;
        this.resolved = new ResolvedReferences(RESOLUTION_TTL, 10_000, clock);
    }

    /**
     * What to compute for a request once its model is known: the operations (each a forward pass
     * over the same input), how many inputs, and the input in the model's form, built only after
     * the queue was found to have room.
     */
    record Plan(List<Operation> operations, int count, Function<ModelWorker, byte[]> input) {
    }

    /** The rows of each planned operation and the version that computed them. */
    record Outputs(ModelVersion model, Map<Operation, float[][]> rows) {
    }

    /**
     * Encoded images (the JSON {@code images} field).
     *
     * @param field the request field the images came in, for error messages
     * @throws io.pretext.web.NotFoundException for an unknown model
     * @throws InvalidRequestException 422 when the model reads text or audio
     * @throws InferenceRejectedException when the queue is full (429) or time ran out (503)
     */
    Result infer(String reference, Operation operation, String field, List<EncodedInput> inputs) {
        return single(reference, operation, Modality.IMAGE, field,
                model -> worker -> images.prepare(field, inputs, model.card()), inputs.size());
    }

    /**
     * WAV files (the JSON {@code audio} field).
     *
     * @throws InvalidRequestException 422 when the model reads images or text
     */
    Result inferAudio(String reference, Operation operation, String field, List<EncodedInput> inputs) {
        return single(reference, operation, Modality.AUDIO, field,
                model -> worker -> audio.prepare(field, inputs, model.card()), inputs.size());
    }

    /**
     * Uploaded files (multipart), read as what the model takes: images for an image model, WAV
     * files for an audio model.
     *
     * @throws InvalidRequestException 422 when the model reads text
     */
    Result inferFiles(String reference, Operation operation, String field, List<EncodedInput> inputs) {
        return single(reference, operation, EncodedInput.modality(inputs), field, model -> worker -> model.card().readsAudio()
                ? audio.prepare(field, inputs, model.card()) : images.prepare(field, inputs, model.card()),
                inputs.size());
    }

    /**
     * Images the caller already decoded, e.g. a tensor of pixels.
     *
     * @param count how many images
     * @param pixels the images as uint8 CHW at the model card's size, or a 4xx naming what does not
     *     fit the card; called once the model is known and its queue has room
     */
    Result inferPixels(String reference, Operation operation, int count, Function<ModelVersion, byte[]> pixels) {
        return single(reference, operation, Modality.IMAGE, "images", model -> worker -> pixels.apply(model), count);
    }

    /**
     * @param texts the texts, none null (the controller checks them)
     * @throws InvalidRequestException 422 when the model reads images or audio
     */
    Result inferTexts(String reference, Operation operation, List<String> texts) {
        return single(reference, operation, Modality.TEXT, "texts", model -> worker -> worker.encodeTexts(texts),
                texts.size());
    }

    /**
     * Admits one request for the model {@code reference} selects, before its body is read
     * (loading the model if needed); close the ticket once the request is answered.
     *
     * @throws InferenceRejectedException {@code OVERLOADED} (429) when the model already has as much
     *     work as it serves within the timeout; counted in the rejection metric
     * @throws RuntimeException as {@link #load} when the model is unknown or cannot be loaded
     */
    AdmissionPolicy.Ticket admit(String reference) {
        ModelVersion model = resolveRecently(reference);
        try {
            return worker(model).admit();
        } catch (InferenceRejectedException e) {
            metrics.rejected(model, e.reason());
            throw e;
        }
    }

    /**
     * The version {@code reference} selects for the caller's tenant: what it selected within the
     * last second if that version is still loaded ({@link ResolvedReferences}), else the registry's
     * answer.
     */
    private ModelVersion resolveRecently(String reference) {
        UUID tenantId = tenant.id();
        ModelVersion model = resolved.get(tenantId, reference);
        if (model == null || cache.loaded(model.versionId()) == null) {
            model = registry.resolve(reference);
            resolved.put(tenantId, reference, model);
        }
        return model;
    }

    /**
     * The version {@code reference} selects, loaded (so that the next request does not wait for it).
     *
     * @throws io.pretext.web.ConflictException when its checkpoint cannot be loaded
     */
    ModelVersion load(String reference) {
        ModelVersion model = registry.resolve(reference);
        worker(model);
        return model;
    }

    /**
     * A loaded CLIP version's logit scale.
     *
     * @throws IllegalStateException if it is not a CLIP model
     */
    float logitScale(ModelVersion model) {
        return worker(model).logitScale();
    }

    /** The version {@code reference} selects, without loading it. */
    ModelVersion resolve(String reference) {
        return registry.resolve(reference);
    }

    /**
     * One operation on one modality: the native routes' checks, then {@link #run}.
     *
     * @param sent what the request holds, or null for files of whatever kind the model reads
     *     (images or audio, not text)
     */
    private Result single(String reference, Operation operation, Modality sent, String field,
            Function<ModelVersion, Function<ModelWorker, byte[]>> input, int count) {
        Outputs outputs = run(reference, model -> {
            // A CLIP model reads images and, with its text tower, texts too.
            boolean clipTexts = sent == Modality.TEXT && model.card().clipModel();
            Modality reads = clipTexts ? Modality.TEXT : model.card().modality();
            if (sent != null ? reads != sent : reads == Modality.TEXT) {
                throw new InvalidRequestException(422, field, "Model " + model.name() + " version "
                        + model.version() + " reads " + what(reads));
            }
            if (operation == Operation.CLASSIFICATIONS && !model.card().classifies()) {
                throw new InvalidRequestException(422, "id", "Model " + model.name() + " version " + model.version()
                        + " has no classification head (a pretrained encoder): ask it for embeddings");
            }
            return new Plan(List.of(clipTexts ? Operation.TEXT_EMBEDDINGS : operation), count, input.apply(model));
        });
        return new Result(outputs.model(), outputs.rows().values().iterator().next());
    }

    /** What a model of {@code modality} reads and how to send it, for a 422. */
    private static String what(Modality modality) {
        return switch (modality) {
            case TEXT -> "text: send {\"texts\": [...]}";
            case AUDIO -> "audio: send WAV files, as multipart 'files' or {\"audio\": [\"<base64 WAV>\", ...]}";
            case IMAGE -> "images: send PNG or JPEG images, as multipart 'files' or {\"images\": [\"<base64>\", ...]}";
        };
    }

    /**
     * Resolves the model, lets {@code planner} check the request against it (4xx before any costly
     * work), then prepares the input once and runs each planned operation on it.
     *
     * @throws io.pretext.web.NotFoundException for an unknown model
     * @throws InferenceRejectedException when the queue is full (429) or time ran out (503)
     */
    Outputs run(String reference, Function<ModelVersion, Plan> planner) {
        Instant start = clock.instant();
        ModelVersion model = resolveRecently(reference);
        Plan plan = planner.apply(model);
        String outcome = "error";
        try {
            // Shed load before the costly part: decoding or tokenising a request that cannot queue anyway.
            ModelWorker worker = worker(model);
            // Each planned operation is a forward pass over the inputs: its share of the model's work.
            worker.requested(plan.count() * plan.operations().size());
            worker.requireRoom();
            // Decoding and tokenising run here, on the request's thread and in parallel with the model's
            // forward passes: its worker thread only batches ready inputs, images and texts alike.
            byte[] input = plan.input().apply(worker);
            Instant deadline = start.plus(timeout);
            Map<Operation, CompletableFuture<float[][]>> pending = new EnumMap<>(Operation.class);
            Map<Operation, float[][]> rows = new EnumMap<>(Operation.class);
            try {
                for (Operation operation : plan.operations()) {
                    pending.put(operation, submit(model, operation, input, plan.count(), deadline));
                }
                for (Map.Entry<Operation, CompletableFuture<float[][]>> entry : pending.entrySet()) {
                    rows.put(entry.getKey(), await(model, entry.getValue(), start));
                }
            } finally {
                // One pass was refused, failed or timed out: the others' answers would be dropped, so skip their work.
                pending.values().forEach(f -> f.cancel(false));
            }
            outcome = "ok";
            return new Outputs(model, rows);
        } catch (io.pretext.web.ValidationException | InvalidRequestException e) {
            outcome = "invalid";
            throw e;
        } catch (InferenceRejectedException e) {
            outcome = "rejected";
            metrics.rejected(model, e.reason());
            throw e;
        } finally {
            metrics.request(model, plan.operations().get(0), outcome, Duration.between(start, clock.instant()));
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
