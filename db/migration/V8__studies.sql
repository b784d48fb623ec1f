-- Studies (issue 15): one request that expands into a pretraining and one experiment per
-- (label budget, finetune arm, seed), linked here so the study sums them up and compares arms.
create table studies (
    id              uuid primary key,
    tenant_id       uuid         not null references tenants (id),
    name            varchar(200) not null,
    spec            text         not null,
    idempotency_key varchar(200),
    request_sha256  varchar(64),
    created_at      timestamptz  not null,
    -- When the best model of each budget was registered (model = study name, alias per budget).
    models_published_at timestamptz,
    constraint studies_idempotency_unique unique (tenant_id, idempotency_key)
);

create index studies_tenant_created_idx on studies (tenant_id, created_at);

-- One row per linked experiment: which budget (index into the spec's budgets), seed and finetune
-- arm it trains, which baseline arms ride beside it (comma-separated, often empty), and whether it
-- holds the study's pretraining.
create table study_experiments (
    study_id      uuid        not null references studies (id) on delete cascade,
    experiment_id uuid        not null references experiments (id) on delete cascade,
    position      integer     not null,
    budget_index  integer     not null,
    seed          bigint      not null,
    arm           varchar(64) not null,
    baselines     varchar(64) not null,
    pretraining   boolean     not null,
    primary key (study_id, experiment_id)
);

create index study_experiments_experiment_idx on study_experiments (experiment_id);

-- A study registers its best model per budget as a version of a model named after the study, so
-- one experiment's checkpoint may now be a version of two models (its own and the study's); still
-- at most one version per model and experiment.
alter table model_versions drop constraint model_versions_experiment_unique;
alter table model_versions add constraint model_versions_model_experiment_unique unique (model_id, experiment_id);
