package io.pretext.core;

/** What a Pretext process does. One jar serves every role; {@code pretext.roles} picks them. */
public enum Role {
    /** Serves the REST API, OpenAPI docs and inference. */
    API,
    /** Claims queued jobs and runs training in child JVMs. */
    WORKER
}
