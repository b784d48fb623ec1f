package io.pretext.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/** Finds the training child JVMs this test JVM's worker launched, to kill them as a crash would. */
public final class TrainingChildren {

    private TrainingChildren() {
    }

    /** A live training child (started with {@code -Dpretext.job=}) whose pid is not in {@code except}. */
    public static Optional<ProcessHandle> running(Collection<Long> except) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> !except.contains(p.pid()))
                .filter(p -> cmdline(p).contains("-Dpretext.job=")).findFirst();
    }

    private static String cmdline(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
