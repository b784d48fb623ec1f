package io.pretext.database;

import java.io.IOException;

import io.pretext.core.PretextProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * With no external database configured, starts an embedded PostgreSQL under
 * {@code ${pretext.data-dir}/postgres} and points the DataSource at it. Backs off when
 * {@code spring.datasource.url} is set or another {@link JdbcConnectionDetails} exists (e.g. a
 * Testcontainers service connection).
 */
// After Testcontainers' service connections (test classpath only), so a container's
// JdbcConnectionDetails makes this back off.
@AutoConfiguration(before = DataSourceAutoConfiguration.class,
        afterName = "org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration")
@Conditional(NoDatasourceUrlCondition.class)
@ConditionalOnMissingBean(JdbcConnectionDetails.class)
public class EmbeddedPostgresAutoConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(PretextProperties properties,
            @Value("${pretext.database.embedded.port:0}") int port) throws IOException {
        return EmbeddedPostgresServer.start(properties.dataDir(), port);
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgresServer server) {
        return server.connectionDetails();
    }
}
