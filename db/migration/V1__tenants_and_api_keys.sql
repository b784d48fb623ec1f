-- Tenants own every resource; API keys authenticate callers as a tenant with scopes.
create table tenants (
    id         uuid primary key,
    name       varchar(63)  not null unique,
    created_at timestamptz  not null
);

create table api_keys (
    id         uuid primary key,
    tenant_id  uuid         not null references tenants (id),
    name       varchar(100) not null,
    key_prefix varchar(16)  not null,
    -- SHA-256 (hex) of the whole key; the key itself is never stored.
    key_hash   varchar(64)  not null unique,
    scopes     varchar(64)  not null,
    created_at timestamptz  not null,
    revoked_at timestamptz
);

create index api_keys_tenant_idx on api_keys (tenant_id, created_at);
