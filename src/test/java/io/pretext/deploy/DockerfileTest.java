package io.pretext.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pretext.PretextApplication;
import io.pretext.deploy.Dockerfile.Stage;
import io.pretext.training.ChildMain;
import org.junit.jupiter.api.Test;

/**
 * What the Dockerfile says (no Docker here to build it): a JDK build stage with the Maven wrapper,
 * the layered jar on a JRE as a non-root user, and a CUDA flavor that brings libtorch and drops
 * the CPU native jar. The entrypoint's class path is the one a training child can inherit.
 */
class DockerfileTest {

    final Dockerfile dockerfile = Dockerfile.read();

    @Test
    void builds_with_the_maven_wrapper_on_jdk_17_and_extracts_the_layers() {
        Stage build = dockerfile.stage("build");

        assertThat(build.base()).isEqualTo("eclipse-temurin:17-jdk");
        assertThat(build.arguments("RUN")).anyMatch(r -> r.contains("./mvnw") && r.contains("package"));
        assertThat(build.arguments("RUN")).anyMatch(r -> r.contains("-Djarmode=tools") && r.contains("extract")
                && r.contains("--layers"));
    }

    @Test
    void runs_on_the_jre_as_a_non_root_user_with_health_check_port_and_data_dir() {
        Stage image = dockerfile.last();

        assertThat(dockerfile.stage("runtime-base").base()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(image.base()).isEqualTo("flavor-${FLAVOR}");
        assertThat(image.arguments("USER")).singleElement().asString()
                .doesNotStartWith("root").doesNotStartWith("0").startsWith("pretext");
        assertThat(image.arguments("EXPOSE")).containsExactly("8080");
        assertThat(image.arguments("HEALTHCHECK")).singleElement().asString()
                .contains("CMD").contains("/actuator/health/readiness");
        assertThat(dockerfile.stage("runtime-base").arguments("ENV")).anyMatch(e -> e.contains("PRETEXT_DATA_DIR=/data"));
        assertThat(image.arguments("COPY")).anyMatch(c -> c.contains("extracted/dependencies/"))
                .anyMatch(c -> c.contains("extracted/application/"));
    }

    @Test
    void cpu_is_the_default_flavor_and_keeps_the_cpu_native_jar() {
        assertThat(dockerfile.global()).anyMatch(i -> i.keyword().equals("ARG") && i.arguments().equals("FLAVOR=cpu"));
        assertThat(dockerfile.stage("build").arguments("RUN"))
                .anyMatch(r -> r.contains("mv extracted/dependencies/lib/pytorch-native-cpu-*.jar"));
        assertThat(dockerfile.stage("flavor-cpu").arguments("COPY"))
                .anyMatch(c -> c.contains("extracted/pytorch-native-cpu/"));
    }

    @Test
    void the_cuda_flavor_points_djl_at_libtorch_2_7_1_cu128_fetched_at_build_time() {
        Stage libtorch = dockerfile.stage("libtorch-cu128");
        Stage cuda = dockerfile.stage("flavor-cu128");

        assertThat(libtorch.arguments("ARG")).anyMatch(a -> a.startsWith("LIBTORCH_URL=https://download.pytorch.org/")
                && a.contains("2.7.1%2Bcu128.zip"));
        assertThat(String.join(" ", cuda.arguments("ENV"))).contains("PYTORCH_LIBRARY_PATH=/opt/libtorch/lib")
                .contains("PYTORCH_VERSION=2.7.1").contains("PYTORCH_FLAVOR=cu128");
        assertThat(cuda.arguments("COPY")).anyMatch(c -> c.contains("--from=libtorch-cu128"))
                .noneMatch(c -> c.contains("pytorch-native-cpu"));
        assertThat(dockerfile.last().text()).doesNotContain("pytorch-native-cpu");
    }

    @Test
    void the_entrypoint_names_a_class_path_that_a_training_child_can_reuse() {
        String entrypoint = String.join(" ", dockerfile.last().arguments("ENTRYPOINT"));
        Matcher java = Pattern.compile("exec java \\$JAVA_OPTS -cp '([^']+)' (\\S+) ").matcher(entrypoint);
        assertThat(java.find()).as("an explicit java -cp <class path> <main class> in %s", entrypoint).isTrue();
        String classPath = java.group(1);
        String mainClass = java.group(2);

        // The worker starts children with the parent's java.class.path: a lone jar (java -jar) or
        // Boot's JarLauncher on the exploded layout would leave them without their main class.
        assertThat(entrypoint).doesNotContain("-jar ").doesNotContain("JarLauncher");
        assertThat(classPath.split(":")).containsExactly("/app/application.jar", "/app/lib/*");
        // What the JVM starts is the service, by a main method it can call.
        assertThat(mainClass).isEqualTo(PretextApplication.class.getName());
        assertRunnable(mainClass);
        // ChildLauncher runs ChildMain directly on that class path; it must come from the same
        // application classes (application.jar in the image) as the service's main class.
        assertRunnable(ChildMain.class.getName());
        assertThat(codeSource(ChildMain.class)).isEqualTo(codeSource(PretextApplication.class));
    }

    /** {@code className} exists and has the {@code public static void main(String[])} that {@code java} calls. */
    private static void assertRunnable(String className) {
        Class<?> type;
        Method main;
        try {
            type = Class.forName(className, false, DockerfileTest.class.getClassLoader());
            main = type.getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new AssertionError(className + " has no public main(String[]): " + e, e);
        }
        assertThat(Modifier.isStatic(main.getModifiers())).as(className + ".main is static").isTrue();
        assertThat(main.getReturnType()).as(className + ".main returns void").isEqualTo(void.class);
        assertThat(Modifier.isPublic(type.getModifiers())).as(className + " is public").isTrue();
    }

    private static URL codeSource(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void the_build_context_keeps_what_the_build_copies_and_nothing_else() throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> copied = new ArrayList<>();
        for (Stage stage : dockerfile.stages()) {
            for (String copy : stage.arguments("COPY")) {
                if (!copy.startsWith("--from")) {
                    String[] parts = copy.split("\\s+");
                    copied.addAll(List.of(parts).subList(0, parts.length - 1));
                }
            }
        }

        assertThat(copied).contains("mvnw", "pom.xml", ".mvn/", "src/main/", "db/")
                .allSatisfy(source -> assertThat(included(rules, source)).as(source).isTrue());
        assertThat(List.of("target/app.jar", "data/postgres", ".git/HEAD", "src/test/java/X.java", "helm/pretext"))
                .allSatisfy(path -> assertThat(included(rules, path)).as(path).isFalse());
    }

    /** .dockerignore semantics for this file's rules: {@code *} excludes all, {@code !dir/} re-includes; last match wins. */
    private static boolean included(List<String> rules, String path) {
        boolean included = true;
        String clean = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String rule : rules) {
            boolean negated = rule.startsWith("!");
            String pattern = negated ? rule.substring(1) : rule;
            pattern = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (pattern.equals("*") || clean.equals(pattern) || clean.startsWith(pattern + "/")) {
                included = negated;
            }
        }
        return included;
    }
}
