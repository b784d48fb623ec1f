package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pretext.job.MutableClock;
import io.pretext.model.CheckpointKind;
import io.pretext.model.ModelVersion;
import io.pretext.training.ModelCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The LRU cache of loaded models within a byte budget, with fake models. */
class ModelCacheTest {

    final List<String> loads = new CopyOnWriteArrayList<>();
    final Map<String, FakeModel> models = new ConcurrentHashMap<>();
    final InferenceProperties properties = new InferenceProperties(4, Duration.ZERO, 4, Duration.ofSeconds(5),
            DataSize.ofBytes(250), 8, DataSize.ofMegabytes(1), 1_000_000, DataSize.ofMegabytes(1));
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final ModelCache cache = new ModelCache(250, version -> {
        loads.add(version.name());
        FakeModel model = new FakeModel(false, version.name().equals("huge") ? 1000 : 100);
        models.put(version.name(), model);
        return model;
    }, (version, model) -> new ModelWorker(version.name(), model, properties, clock, new ModelWorker.Listener() {
        @Override
        public void batch(Operation operation, int images, Duration took) {
        }

        @Override
        public void queued(Duration wait) {
        }
    }));

    @AfterEach
    void close() {
        cache.close();
    }

    static ModelVersion version(String name) {
        return new ModelVersion(UUID.nameUUIDFromBytes(name.getBytes()), UUID.randomUUID(), name, 1, "p/",
                CheckpointKind.FINETUNE,
                new ModelCard("cnn-small", 1, 8, 8, new float[] {0.5f}, new float[] {0.25f}, null, 128));
    }

    @Test
    void loads_once_and_reuses_the_worker() throws Exception {
        ModelWorker first = cache.worker(version("a"));

        assertThat(cache.worker(version("a"))).isSameAs(first);
        assertThat(loads).containsExactly("a");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(100);
    }

    @Test
    void over_budget_the_least_recently_used_model_is_unloaded() throws Exception {
        cache.worker(version("a"));
        cache.worker(version("b"));
        cache.worker(version("a"));
        cache.worker(version("c"));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(models.get("b").closed.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("b unloaded").isTrue();
        assertThat(models.get("a").closed.getCount()).as("a was used more recently").isEqualTo(1);
        cache.worker(version("b"));
        assertThat(loads).containsExactly("a", "b", "c", "b");
    }

    @Test
    void a_model_larger_than_the_budget_still_serves_alone() throws Exception {
        cache.worker(version("a"));
        ModelWorker huge = cache.worker(version("huge"));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(1000);
        assertThat(huge.submit(Operation.EMBEDDINGS, new byte[] {7}, 1, clock.instant().plusSeconds(5))
                .get(10, java.util.concurrent.TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{7, 0}});
    }
}
