package io.pretext;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Pretext service. Which parts run (HTTP API, training worker) is chosen by
 * {@code pretext.roles}; see {@link io.pretext.core.PretextProperties}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PretextApplication {

    public static void main(String[] args) {
        SpringApplication.run(PretextApplication.class, args);
    }
}
