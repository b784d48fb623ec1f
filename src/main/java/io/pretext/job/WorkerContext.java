package io.pretext.job;

import java.nio.file.Path;
import java.time.Clock;

import io.pretext.storage.StorageProperties;
import tools.jackson.databind.json.JsonMapper;

/** What every child run needs from the worker, in one place. Immutable. */
record WorkerContext(JobQueue queue, JobProgress progress, ChildLauncher launcher, WorkerProperties worker,
        StorageProperties storage, Path dataDir, JsonMapper json, WorkerMetrics metrics,
        io.pretext.storage.ArtifactStore store, String codeVersion, Clock clock, LeasePolicy lease) {
}
