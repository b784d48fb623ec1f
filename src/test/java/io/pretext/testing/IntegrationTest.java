package io.pretext.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A full application on a random port against real PostgreSQL (see {@link TestDatabase}) and the
 * folder artifact store under {@code target/test-data}. All such tests share one context, so they
 * must use unique names. The API role only: no worker claims jobs behind a test's back.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "pretext.data-dir=target/test-data", "pretext.security.bootstrap-key=" + IntegrationTest.ADMIN_KEY,
    "pretext.roles=api",
    // Every test calls from 127.0.0.1: tests that send wrong keys on purpose must not throttle the
    // others. AuthenticationThrottleTest covers the throttle with its own limits.
    "pretext.security.auth-throttle.max-failures=1000000",
    "spring.servlet.multipart.max-file-size=" + IntegrationTest.MAX_UPLOAD,
    "spring.servlet.multipart.max-request-size=" + IntegrationTest.MAX_UPLOAD})
@Import(TestDatabaseConfiguration.class)
public @interface IntegrationTest {

    /** The admin key the shared test database is bootstrapped with. */
    String ADMIN_KEY = "ptx_test-admin-key-for-integration-tests";

    /** The upload limit in tests, small so that 413 is cheap to provoke. */
    String MAX_UPLOAD = "32MB";
}
