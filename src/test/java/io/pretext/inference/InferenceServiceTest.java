package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.job.MutableClock;
import io.pretext.model.ModelRegistry;
import io.pretext.model.CheckpointKind;
import io.pretext.model.ModelVersion;
import io.pretext.security.CurrentTenant;
import io.pretext.training.ModelCard;
import io.pretext.training.text.TransformerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The service over a real cache and batching worker with a fake text model, without Spring: texts
 * are tokenised on the request's thread before they are queued, never on the worker's thread nor
 * while the model runs, and they are batched like images. Admission refusals are counted.
 */
class InferenceServiceTest {

    static final ModelVersion TEXT = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "reviews", 1, "t/",
            CheckpointKind.FINETUNE,
            ModelCard.forText("transformer", new TransformerSettings(100, 4, 2, 1, 1, 4, "mean"), null));

    static final ModelVersion AUDIO = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "words", 1, "a/",
            CheckpointKind.FINETUNE, ModelCard.forAudio("audio-cnn",
                    io.pretext.training.audio.LogMelSettings.defaults(8000, 4000), 0, 1, List.of("no", "yes"), 128));

    /**
     * A text model: a text's input is one byte, its length; an embedding is {@code [that byte]}.
     * The first forward pass is held until released; tokenisation records its thread and whether a
     * pass was running meanwhile.
     */
    static final class FakeTextModel implements BatchModel {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final List<String> tokenisingThreads = new CopyOnWriteArrayList<>();
        final List<String> passThreads = new CopyOnWriteArrayList<>();
        volatile boolean inPass;
        final CountDownLatch tokenisedDuringPass = new CountDownLatch(2);

        @Override
        public float[][] run(Operation operation, byte[] input, int count) {
            inPass = true;
            passThreads.add(Thread.currentThread().getName());
            running.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.add(count);
            float[][] rows = new float[count][];
            for (int i = 0; i < count; i++) {
                rows[i] = new float[] {input[i]};
            }
            inPass = false;
            return rows;
        }

        @Override
        public byte[] encodeTexts(List<String> texts) {
            tokenisingThreads.add(Thread.currentThread().getName());
            if (inPass) {
                tokenisedDuringPass.countDown();
            }
            byte[] out = new byte[texts.size()];
            for (int i = 0; i < texts.size(); i++) {
                out[i] = (byte) texts.get(i).length();
            }
            return out;
        }

        @Override
        public long bytes() {
            return 1;
        }

        @Override
        public void close() {
        }
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FakeTextModel model = new FakeTextModel();
    final ExecutorService requests = Executors.newFixedThreadPool(3, r -> new Thread(r, "request"));
    ModelCache cache;
    ModelRegistry registry;
    final CurrentTenant tenant = mock(CurrentTenant.class);
    final UUID tenantId = UUID.randomUUID();

    InferenceService service(int maxBatchSize, Duration maxDelay, int queueCapacity) {
        var properties = new InferenceProperties(maxBatchSize, maxDelay, queueCapacity, Duration.ofSeconds(30),
                DataSize.ofMegabytes(1), 256, DataSize.ofMegabytes(1), 1_000_000, DataSize.ofMegabytes(1));
        InferenceMetrics metrics = new InferenceMetrics(meters);
        cache = new ModelCache(1_000, version -> model, (version, loaded) -> new ModelWorker("reviews", loaded,
                properties, clock, metrics.listener(version)));
        registry = mock(ModelRegistry.class);
        when(registry.resolve("reviews")).thenReturn(TEXT);
        when(registry.resolve("words")).thenReturn(AUDIO);
        when(tenant.id()).thenAnswer(call -> tenantId);
        return new InferenceService(registry, cache, new ImagePreparation(properties), metrics, properties, clock,
                tenant);
    }

    @AfterEach
    void close() {
        requests.shutdownNow();
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void texts_are_tokenised_on_the_request_thread_while_the_model_runs_and_batched_like_images() throws Exception {
        // Batches of 2, filled before they run (a long fill delay): the first request is a full batch.
        InferenceService service = service(2, Duration.ofMinutes(10), 16);
        var first = CompletableFuture.supplyAsync(
                () -> service.inferTexts("reviews", Operation.EMBEDDINGS, List.of("a", "bb")), requests);
        assertThat(model.running.await(10, TimeUnit.SECONDS)).as("the first pass runs and is held").isTrue();

        var second = CompletableFuture.supplyAsync(
                () -> service.inferTexts("reviews", Operation.EMBEDDINGS, List.of("ccc")), requests);
        var third = CompletableFuture.supplyAsync(
                () -> service.inferTexts("reviews", Operation.EMBEDDINGS, List.of("dddd")), requests);
        assertThat(model.tokenisedDuringPass.await(10, TimeUnit.SECONDS))
                .as("both later requests were tokenised while the model was busy: not waiting for it").isTrue();
        model.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).rows()).isDeepEqualTo(new float[][] {{1}, {2}});
        assertThat(second.get(10, TimeUnit.SECONDS).rows()).isDeepEqualTo(new float[][] {{3}});
        assertThat(third.get(10, TimeUnit.SECONDS).rows()).isDeepEqualTo(new float[][] {{4}});
        assertThat(model.batches).as("the two one-text requests share one forward pass").containsExactly(2, 2);
        assertThat(model.tokenisingThreads).containsOnly("request");
        assertThat(model.passThreads).containsOnly("inference-reviews");
    }

    @Test
    void a_request_refused_on_arrival_is_counted_as_overloaded() {
        InferenceService service = service(2, Duration.ZERO, 1);
        AdmissionPolicy.Ticket admitted = service.admit("reviews");

        assertThatThrownBy(() -> service.admit("reviews")).isInstanceOfSatisfying(InferenceRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(InferenceRejectedException.Reason.OVERLOADED));
        assertThat(meters.get("pretext.inference.rejections").tag("reason", "overloaded").counter().count())
                .isEqualTo(1);
        admitted.close();
        service.admit("reviews").close();
        assertThat(meters.get("pretext.inference.rejections").tag("reason", "overloaded").counter().count())
                .isEqualTo(1);
    }

    @Test
    void admission_looks_a_reference_up_once_a_second_per_tenant_and_not_while_the_model_is_loaded() {
        InferenceService service = service(2, Duration.ZERO, 8);
        service.admit("reviews").close();
        service.admit("reviews").close();
        verify(registry, times(1)).resolve("reviews");

        clock.advance(Duration.ofMillis(1001));
        service.admit("reviews").close();
        verify(registry, times(2)).resolve("reviews");

        // Another tenant's "reviews" is another model.
        when(tenant.id()).thenReturn(UUID.randomUUID());
        service.admit("reviews").close();
        verify(registry, times(3)).resolve("reviews");

        // Unloaded: admission loads it again through the registry.
        cache.close();
        when(tenant.id()).thenReturn(tenantId);
        service.admit("reviews").close();
        verify(registry, times(4)).resolve("reviews");
    }

    @Test
    void an_admitted_request_is_served_without_looking_its_reference_up_again_within_a_second() {
        InferenceService service = service(1, Duration.ZERO, 8);
        model.release.countDown();
        try (AdmissionPolicy.Ticket ticket = service.admit("reviews")) {
            assertThat(service.inferTexts("reviews", Operation.EMBEDDINGS, List.of("ab")).rows())
                    .isDeepEqualTo(new float[][] {{2}});
        }
        assertThat(service.inferTexts("reviews", Operation.EMBEDDINGS, List.of("a")).rows())
                .isDeepEqualTo(new float[][] {{1}});
        verify(registry, times(1)).resolve("reviews");

        // A second later an alias may have moved: the registry is asked again.
        clock.advance(Duration.ofMillis(1001));
        service.inferTexts("reviews", Operation.EMBEDDINGS, List.of("a"));
        verify(registry, times(2)).resolve("reviews");
    }

    @Test
    void each_route_takes_only_what_the_model_reads_and_says_what_that_is() {
        InferenceService service = service(2, Duration.ZERO, 8);
        byte[] wav = io.pretext.testing.Wavs.pcm16(io.pretext.testing.Wavs.sine(440, 0.5, 16000, 0.2), 16000);
        List<EncodedInput> clip = List.of(EncodedInput.of("audio[0]", wav));

        assertThatThrownBy(() -> service.infer("words", Operation.EMBEDDINGS, "images", clip))
                .isInstanceOfSatisfying(io.pretext.web.InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("reads audio", "WAV");
                });
        assertThatThrownBy(() -> service.inferTexts("words", Operation.EMBEDDINGS, List.of("yes")))
                .isInstanceOfSatisfying(io.pretext.web.InvalidRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> service.inferPixels("words", Operation.EMBEDDINGS, 1, version -> new byte[8000]))
                .isInstanceOfSatisfying(io.pretext.web.InvalidRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> service.inferAudio("reviews", Operation.EMBEDDINGS, "audio", clip))
                .isInstanceOfSatisfying(io.pretext.web.InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("reads text");
                });
        assertThatThrownBy(() -> service.inferFiles("reviews", Operation.EMBEDDINGS, "files", clip))
                .isInstanceOfSatisfying(io.pretext.web.InvalidRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(422));
        List<EncodedInput> picture = List.of(EncodedInput.of("files[0] (a.png)",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13}));
        assertThatThrownBy(() -> service.inferFiles("words", Operation.EMBEDDINGS, "files", picture))
                .as("a picture sent as a file to an audio model")
                .isInstanceOfSatisfying(io.pretext.web.InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("reads audio");
                });

        model.release.countDown();
        float[] level = new float[800];
        java.util.Arrays.fill(level, 0.01f); // 328 as int16: 0x0148, little-endian 0x48 0x01
        List<EncodedInput> flat = List.of(EncodedInput.of("audio[0]", io.pretext.testing.Wavs.pcm16(level, 8000)));
        assertThat(service.inferAudio("words", Operation.EMBEDDINGS, "audio", flat).rows()[0][0])
                .as("the fake model echoes the input's first byte: the clip's first sample's low byte")
                .isEqualTo(0x48);
        assertThat(model.batches).as("one clip, one pass").containsExactly(1);
        assertThat(service.inferFiles("words", Operation.EMBEDDINGS, "files", flat).rows()[0][0]).isEqualTo(0x48);
    }
}
