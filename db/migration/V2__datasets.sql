-- Uploaded datasets in canonical form; the shards live in the artifact store under datasets/<id>/.
create table datasets (
    id           uuid primary key,
    tenant_id    uuid         not null references tenants (id),
    name         varchar(200) not null,
    modality     varchar(16)  not null,
    format       varchar(32)  not null,
    num_samples  integer      not null,
    num_classes  integer      not null,
    -- JSON arrays: class names in label order, and the number of samples of each class.
    classes      text         not null,
    class_counts text         not null,
    labeled      boolean      not null,
    -- JSON array [channels, height, width] for images, [] for text.
    shape        text         not null,
    sha256       varchar(64)  not null,
    size_bytes   bigint       not null,
    created_at   timestamptz  not null,
    -- The same content uploaded twice by one tenant is one dataset.
    constraint datasets_tenant_sha256_unique unique (tenant_id, sha256)
);

create index datasets_tenant_created_idx on datasets (tenant_id, created_at);
