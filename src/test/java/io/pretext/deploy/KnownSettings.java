package io.pretext.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The environment variables a Pretext container understands: the README's configuration table,
 * every Spring Boot property on the class path (its configuration metadata, in the environment
 * form of relaxed binding), and what the Dockerfile declares with {@code ENV} (JVM and DJL
 * settings of the image). A deployment file that sets any other name sets nothing.
 */
final class KnownSettings {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*([^|]+)\\|");
    private static final Pattern ENV_NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

    private final Set<String> readme;
    private final Set<String> boot;
    private final Set<String> image;

    private KnownSettings(Set<String> readme, Set<String> boot, Set<String> image) {
        this.readme = readme;
        this.boot = boot;
        this.image = image;
    }

    static KnownSettings load() {
        return new KnownSettings(readmeTable(Path.of("README.md")), bootProperties(), Dockerfile.read().envNames());
    }

    boolean knows(String name) {
        return readme.contains(name) || boot.contains(name) || image.contains(name);
    }

    /** The names in the first column of the README's configuration table. */
    static Set<String> readmeTable(Path readmeFile) {
        Set<String> names = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(readmeFile)) {
                Matcher row = TABLE_ROW.matcher(line);
                if (row.find()) {
                    Matcher name = ENV_NAME.matcher(row.group(1));
                    while (name.find()) {
                        names.add(name.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Spring's relaxed binding: {@code spring.flyway.enabled} is {@code SPRING_FLYWAY_ENABLED}. */
    static String environmentName(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }

    private static Set<String> bootProperties() {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> names = new TreeSet<>();
        try {
            var resources = KnownSettings.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
            for (URL url : Collections.list(resources)) {
                try (InputStream in = url.openStream()) {
                    JsonNode properties = json.readTree(in).path("properties");
                    for (JsonNode property : properties) {
                        names.add(environmentName(property.get("name").asString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
