package io.pretext.testing;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Points a test context at the database {@link TestDatabase} chose. */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

    @Bean
    @ServiceConnection
    @Conditional(UsesTestcontainers.class)
    PostgreSQLContainer postgresContainer() {
        return new PostgreSQLContainer("postgres:17-alpine");
    }

    @Bean
    @Conditional(UsesEmbedded.class)
    JdbcConnectionDetails embeddedTestDatabase() {
        return TestDatabase.embedded().connectionDetails();
    }

    static class UsesTestcontainers extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return TestDatabase.kind() == TestDatabase.Kind.TESTCONTAINERS
                    ? ConditionOutcome.match("Testcontainers database") : ConditionOutcome.noMatch("embedded database");
        }
    }

    static class UsesEmbedded extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return TestDatabase.kind() == TestDatabase.Kind.EMBEDDED
                    ? ConditionOutcome.match("embedded database") : ConditionOutcome.noMatch("Testcontainers database");
        }
    }
}
