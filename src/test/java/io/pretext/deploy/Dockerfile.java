package io.pretext.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The top-level Dockerfile as instructions grouped by build stage: comments dropped, continued
 * lines joined, as Docker reads them. Enough to check what the file says; building it needs Docker.
 */
final class Dockerfile {

    /** One instruction: its keyword in upper case and the rest of the (joined) line. */
    record Instruction(String keyword, String arguments) {
    }

    /** A build stage: {@code FROM base AS name} and what follows it. */
    record Stage(String name, String base, List<Instruction> instructions) {

        List<String> arguments(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        String text() {
            return String.join("\n", instructions.stream().map(i -> i.keyword() + " " + i.arguments()).toList());
        }
    }

    private static final Pattern FROM = Pattern.compile("(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENV_NAME = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=");

    private final List<Instruction> global;
    private final List<Stage> stages;

    private Dockerfile(List<Instruction> global, List<Stage> stages) {
        this.global = global;
        this.stages = stages;
    }

    static Dockerfile read() {
        try {
            return parse(Files.readAllLines(Path.of("Dockerfile")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(List<String> lines) {
        List<Instruction> global = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String joined = pending.toString().strip();
            pending.setLength(0);
            String[] parts = joined.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                Matcher from = FROM.matcher(instruction.arguments());
                if (!from.matches()) {
                    throw new AssertionError("unreadable FROM: " + joined);
                }
                stages.add(new Stage(from.group(2), from.group(1), new ArrayList<>()));
            } else if (stages.isEmpty()) {
                global.add(instruction);
            } else {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(global, stages);
    }

    List<Instruction> global() {
        return global;
    }

    List<Stage> stages() {
        return stages;
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name));
    }

    /** The stage the image is made of. */
    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** Every variable an {@code ENV} instruction sets, in any stage. */
    Set<String> envNames() {
        Set<String> names = new TreeSet<>();
        for (Stage stage : stages) {
            for (String env : stage.arguments("ENV")) {
                Matcher name = ENV_NAME.matcher(env.replaceAll("\"[^\"]*\"", "\"\""));
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return names;
    }
}
