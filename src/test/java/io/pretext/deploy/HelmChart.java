package io.pretext.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * helm/pretext through helm-java (Helm's own library, bundled as a native library: no helm
 * binary, no cluster, no network): lint it, and render it into parsed manifests.
 */
final class HelmChart {

    static final Path CHART = Path.of("helm/pretext");
    static final String RELEASE = "rel";

    private HelmChart() {
    }

    /** {@code helm lint --strict} of the chart with its own values.yaml. */
    static LintResult lint() {
        return new Helm(CHART).lint().strict().call();
    }

    /**
     * {@code helm lint --strict} with {@code valuesFile} merged over values.yaml: helm-java's lint
     * takes no values file, so a copy of the chart gets the merged values as its values.yaml.
     */
    static LintResult lintWith(Path valuesFile, Path workDir) {
        Path copy = workDir.resolve("pretext");
        copyTree(CHART, copy);
        Map<String, Object> merged = Yamls.merge(Yamls.load(CHART.resolve("values.yaml")), Yamls.load(valuesFile));
        write(copy.resolve("values.yaml"), Yamls.dump(merged));
        return new Helm(copy).lint().strict().call();
    }

    /** {@code helm template rel helm/pretext [-f file]... [--set k=v]...}, parsed. */
    static Manifests template(Map<String, Object> sets, Path... valuesFiles) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace("pretext");
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (var set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return new Manifests(Yamls.loadAll(command.call()));
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rendered manifests, looked up by kind and name. */
    record Manifests(List<Map<String, Object>> documents) {

        List<Map<String, Object>> all(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> one(String kind, String name) {
            return documents.stream()
                    .filter(d -> kind.equals(d.get("kind")) && name.equals(Yamls.at(d, "metadata.name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in "
                            + documents.stream().map(d -> d.get("kind") + "/" + Yamls.at(d, "metadata.name")).toList()));
        }

        boolean has(String kind) {
            return !all(kind).isEmpty();
        }

        /** The named container of a Deployment's pod template. */
        Map<String, Object> container(String deployment, String container) {
            return Yamls.listAt(one("Deployment", deployment), "spec.template.spec.containers").stream()
                    .map(c -> Yamls.map(c, "container")).filter(c -> container.equals(c.get("name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no container " + container + " in " + deployment));
        }
    }
}
