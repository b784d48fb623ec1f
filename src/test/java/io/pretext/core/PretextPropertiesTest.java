package io.pretext.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PretextPropertiesTest {

    @Test
    void roles_are_reported_and_tagged_in_a_stable_order() {
        PretextProperties both = new PretextProperties(Path.of("data"), Set.of(Role.WORKER, Role.API));

        assertThat(both.has(Role.API)).isTrue();
        assertThat(both.rolesTag()).isEqualTo("api+worker");
        assertThat(new PretextProperties(Path.of("data"), Set.of(Role.WORKER)).has(Role.API)).isFalse();
    }

    @Test
    void at_least_one_role_is_required() {
        assertThatThrownBy(() -> new PretextProperties(Path.of("data"), Set.of()))
                .hasMessageContaining("pretext.roles");
    }
}
