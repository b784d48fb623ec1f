package io.pretext.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.pretext.model.ModelVersion;

/**
 * Loaded models, each with its worker, by version id. Loads on first use (concurrent callers of
 * one version wait for one load); when the loaded models' bytes exceed the budget, the least
 * recently used ones are unloaded (their workers finish what is queued, then free the model). The
 * model just loaded is never unloaded, so one model larger than the budget still serves.
 * Thread-safe.
 */
final class ModelCache implements AutoCloseable {

    /** Loads a version's model from its checkpoint. */
    interface Loader {
        BatchModel load(ModelVersion version) throws IOException;
    }

    /** Starts the worker of a loaded model. */
    interface Workers {
        ModelWorker start(ModelVersion version, BatchModel model);
    }

    private record Entry(ModelWorker worker, long bytes) {
    }

    private final long budget;
    private final Loader loader;
    private final Workers workers;
    private final LinkedHashMap<UUID, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<UUID, Object> loading = new ConcurrentHashMap<>();
    private long bytes;

    ModelCache(long budget, Loader loader, Workers workers) {
        this.budget = budget;
        this.loader = loader;
        this.workers = workers;
    }

    /**
     * The worker serving {@code version}, loading the model if needed.
     *
     * @throws IOException when the checkpoint cannot be loaded
     */
    ModelWorker worker(ModelVersion version) throws IOException {
        ModelWorker cached = cached(version.versionId());
        if (cached != null) {
            return cached;
        }
        synchronized (loading.computeIfAbsent(version.versionId(), id -> new Object())) {
            cached = cached(version.versionId());
            if (cached != null) {
                return cached;
            }
            BatchModel model = loader.load(version);
            ModelWorker worker = workers.start(version, model);
            List<ModelWorker> unloaded;
            synchronized (this) {
                entries.put(version.versionId(), new Entry(worker, model.bytes()));
                bytes += model.bytes();
                unloaded = evict(version.versionId());
            }
            unloaded.forEach(ModelWorker::close);
            return worker;
        }
    }

    /** The worker of a loaded version, or null when it is not loaded (nothing is loaded here). */
    ModelWorker loaded(UUID versionId) {
        return cached(versionId);
    }

    /** How many models are loaded. */
    synchronized int size() {
        return entries.size();
    }

    /** Bytes of the loaded models. */
    synchronized long bytes() {
        return bytes;
    }

    private synchronized ModelWorker cached(UUID versionId) {
        Entry entry = entries.get(versionId);
        return entry == null ? null : entry.worker();
    }

    private List<ModelWorker> evict(UUID keep) {
        List<ModelWorker> unloaded = new ArrayList<>();
        Iterator<Map.Entry<UUID, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > budget && eldest.hasNext()) {
            Map.Entry<UUID, Entry> entry = eldest.next();
            if (!entry.getKey().equals(keep)) {
                eldest.remove();
                bytes -= entry.getValue().bytes();
                unloaded.add(entry.getValue().worker());
            }
        }
        return unloaded;
    }

    /** Unloads every model. */
    @Override
    public void close() {
        List<ModelWorker> all;
        synchronized (this) {
            all = entries.values().stream().map(Entry::worker).toList();
            entries.clear();
            bytes = 0;
        }
        all.forEach(ModelWorker::close);
    }
}
