package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pretext.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Keys listed before V7 showed 12 characters of the secret; the migration trims what is already stored. */
class KeyPrefixMigrationTest {

    @Test
    void stored_prefixes_are_trimmed_and_the_bootstrap_key_shows_none_of_its_characters() throws SQLException {
        String url = TestDatabase.newEmbeddedDatabase();
        String user = TestDatabase.embedded().username();
        flyway(url, user, "6").migrate();
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("insert into tenants values ('00000000-0000-0000-0000-000000000001', 'admin', now()),"
                    + " ('00000000-0000-0000-0000-000000000002', 'acme', now())");
            s.execute("insert into api_keys (id, tenant_id, name, key_prefix, key_hash, scopes, created_at) values"
                    + " ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001', 'bootstrap',"
                    + " 'ptx_my-local', 'h1', 'read,write,admin', now()),"
                    + " ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-000000000002', 'ci',"
                    + " 'ptx_AbCdEfGh', 'h2', 'read', now())");
        }

        flyway(url, user, "latest").migrate();

        Map<String, String> prefixes = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select name, key_prefix from api_keys order by name")) {
            while (rows.next()) {
                prefixes.put(rows.getString(1), rows.getString(2));
            }
        }
        assertThat(prefixes).containsExactly(Map.entry("bootstrap", "**********"), Map.entry("ci", "ptx_AbCdEf"));
    }

    private static Flyway flyway(String url, String user, String target) {
        return Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration").target(target)
                .load();
    }
}
