package io.pretext.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * With the database gone, a request that needs a connection gives up within seconds (then the API
 * answers 503), not after HikariCP's default 30 s: the pool as application.properties configures it.
 */
class ConnectionTimeoutTest {

    @Test
    void a_pool_whose_database_refuses_connections_fails_a_borrow_within_seconds() throws IOException {
        Properties application = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new PropertiesPropertySource("application", application));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HikariDataSource pool = new HikariDataSource()) {
            Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
            pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/pretext");
            pool.setUsername("postgres");
            pool.setInitializationFailTimeout(-1); // as in a running service: the pool started while the database was up

            long started = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Connection ignored = pool.getConnection()) {
                    // not reached
                }
            }).isInstanceOf(SQLTransientConnectionException.class);
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(seconds).isLessThan(8.0);
        }
    }
}
