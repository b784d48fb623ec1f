package io.pretext.core;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Process-wide settings under the {@code pretext} prefix. Immutable and thread-safe.
 *
 * @param dataDir where embedded state lives (PostgreSQL under {@code postgres/}, the local artifact
 *     store under {@code artifacts/}); never null, default {@code ./data}
 * @param roles the roles this process plays; never empty, default both
 */
@ConfigurationProperties("pretext")
public record PretextProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue({"api", "worker"}) Set<Role> roles) {

    public PretextProperties {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("pretext.roles must name at least one of: api, worker");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
    }

    /** True when this process plays {@code role}. */
    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The roles as a stable tag value, e.g. {@code api+worker}. */
    public String rolesTag() {
        return EnumSet.copyOf(roles).stream().map(r -> r.name().toLowerCase()).collect(Collectors.joining("+"));
    }
}
