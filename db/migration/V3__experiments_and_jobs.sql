-- Experiments (a validated spec) and the jobs they become: a small DAG run by worker supervisors.
create table experiments (
    id              uuid primary key,
    tenant_id       uuid         not null references tenants (id),
    name            varchar(200) not null,
    spec            text         not null,
    idempotency_key varchar(200),
    request_sha256  varchar(64),
    created_at      timestamptz  not null,
    constraint experiments_idempotency_unique unique (tenant_id, idempotency_key)
);

create index experiments_tenant_created_idx on experiments (tenant_id, created_at);

create table jobs (
    id               uuid primary key,
    tenant_id        uuid         not null references tenants (id),
    experiment_id    uuid         not null references experiments (id) on delete cascade,
    kind             varchar(32)  not null,
    state            varchar(16)  not null,
    priority         integer      not null,
    attempt          integer      not null default 0,
    max_restarts     integer      not null,
    payload          text         not null,
    worker_id        varchar(200),
    lease_expires_at timestamptz,
    heartbeat_at     timestamptz,
    -- Retries back off: a requeued job is not claimed before this time.
    not_before       timestamptz  not null,
    cancel_requested boolean      not null default false,
    last_error       text,
    created_at       timestamptz  not null,
    started_at       timestamptz,
    finished_at      timestamptz
);

create table job_dependencies (
    job_id     uuid not null references jobs (id) on delete cascade,
    depends_on uuid not null references jobs (id) on delete cascade,
    primary key (job_id, depends_on)
);

create index jobs_queued_idx on jobs (priority desc, created_at) where state = 'QUEUED';
create index jobs_running_lease_idx on jobs (lease_expires_at) where state = 'RUNNING';
create index jobs_experiment_idx on jobs (experiment_id);
create index jobs_tenant_created_idx on jobs (tenant_id, created_at);
create index job_dependencies_depends_on_idx on job_dependencies (depends_on);
