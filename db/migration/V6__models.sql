-- The model registry: a model per (tenant, experiment name), a version per finished experiment
-- (its best checkpoint), and movable aliases such as 'champion'.
create table models (
    id         uuid primary key,
    tenant_id  uuid         not null references tenants (id),
    name       varchar(200) not null,
    created_at timestamptz  not null,
    constraint models_tenant_name_unique unique (tenant_id, name)
);

create index models_tenant_created_idx on models (tenant_id, created_at);

create table model_versions (
    id                uuid primary key,
    model_id          uuid         not null references models (id) on delete cascade,
    tenant_id         uuid         not null references tenants (id),
    version           integer      not null,
    experiment_id     uuid         not null references experiments (id) on delete cascade,
    job_id            uuid         not null references jobs (id) on delete cascade,
    job_kind          varchar(32)  not null,
    epoch             integer      not null,
    checkpoint_prefix varchar(512) not null,
    card              text         not null,
    metrics           text         not null,
    provenance        text         not null,
    created_at        timestamptz  not null,
    constraint model_versions_number_unique unique (model_id, version),
    -- One version per experiment: a sweep that registers it again (another API pod, a retry) adds nothing.
    constraint model_versions_experiment_unique unique (experiment_id)
);

create table model_aliases (
    model_id   uuid        not null references models (id) on delete cascade,
    alias      varchar(64) not null,
    version    integer     not null,
    updated_at timestamptz not null,
    primary key (model_id, alias),
    foreign key (model_id, version) references model_versions (model_id, version) on delete cascade
);

-- Experiments the registry has looked at once they finished, with or without a version, so that
-- the sweep does not look at them again.
create table model_registrations (
    experiment_id uuid primary key references experiments (id) on delete cascade,
    version_id    uuid references model_versions (id) on delete set null,
    reason        text        not null,
    decided_at    timestamptz not null
);
