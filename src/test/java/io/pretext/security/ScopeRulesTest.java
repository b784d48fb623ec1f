package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class ScopeRulesTest {

    @ParameterizedTest
    @CsvSource({
        "GET, /v1/datasets, READ",
        "HEAD, /v1/datasets, READ",
        "POST, /v1/datasets, WRITE",
        "DELETE, /v1/datasets/1, WRITE",
        "GET, /v1/admin/tenants, ADMIN",
        "POST, /v1/admin/keys/1/revoke, ADMIN",
        "GET, /v1/administrators, READ",
        "GET, /actuator/prometheus, METRICS",
        "GET, /actuator/metrics/http.server.requests, METRICS",
        "GET, /actuator, METRICS",
        "GET, /actuators, READ"})
    void required_scope_follows_method_and_path(String method, String path, Scope expected) {
        assertThat(RequiredScope.of(new MockHttpServletRequest(method, path))).isEqualTo(expected);
    }

    @Test
    void metrics_are_granted_by_the_metrics_scope_or_by_admin_and_nothing_else() {
        assertThat(RequiredScope.isGranted(Scope.METRICS, authorities(Scope.METRICS))).isTrue();
        assertThat(RequiredScope.isGranted(Scope.METRICS, authorities(Scope.ADMIN))).isTrue();
        assertThat(RequiredScope.isGranted(Scope.METRICS, authorities(Scope.READ, Scope.WRITE))).isFalse();
        assertThat(RequiredScope.isGranted(Scope.READ, authorities(Scope.ADMIN, Scope.METRICS))).isFalse();
        assertThat(RequiredScope.isGranted(Scope.READ, authorities(Scope.READ))).isTrue();
    }

    private static List<SimpleGrantedAuthority> authorities(Scope... scopes) {
        return Arrays.stream(scopes).map(s -> new SimpleGrantedAuthority(s.authority())).toList();
    }

    @Test
    void scopes_parse_in_any_case_and_reject_unknown_names() {
        assertThat(Scope.of(" Write ")).isEqualTo(Scope.WRITE);
        assertThatThrownBy(() -> Scope.of("root")).hasMessageContaining("root");
    }

    @Test
    void scopes_round_trip_through_the_column_sorted() {
        ScopesConverter converter = new ScopesConverter();

        String column = converter.convertToDatabaseColumn(EnumSet.of(Scope.ADMIN, Scope.READ));

        assertThat(column).isEqualTo("read,admin");
        assertThat(converter.convertToEntityAttribute(column)).containsExactly(Scope.READ, Scope.ADMIN);
    }

    @Test
    void generated_keys_are_random_prefixed_and_hashed_as_sha256() {
        String a = ApiKeySecrets.newKey();
        String b = ApiKeySecrets.newKey();

        assertThat(a).startsWith("ptx_").hasSize(47).isNotEqualTo(b);
        assertThat(ApiKeySecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeySecrets.displayPrefix(a)).hasSize(10).isEqualTo(a.substring(0, 10));
        assertThat(ApiKeySecrets.CHOSEN_KEY_PREFIX).hasSize(10).doesNotContain("ptx");
    }

    @Test
    void a_short_bootstrap_key_is_refused() {
        assertThatThrownBy(() -> new SecurityProperties("short")).hasMessageContaining("at least 16");
        assertThat(new SecurityProperties("  ").bootstrapKey()).isNull();
    }

    @Test
    void the_principal_lists_scopes_in_a_stable_order() {
        assertThat(new ApiKeyPrincipal(null, null, Set.of(Scope.ADMIN, Scope.WRITE, Scope.READ)).scopes())
                .containsExactly(Scope.READ, Scope.WRITE, Scope.ADMIN);
    }
}
