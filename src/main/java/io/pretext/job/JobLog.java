package io.pretext.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The last lines a job's training process wrote to its log (its standard error: warnings, the
 * reason it failed, a stack trace), as its supervisor last read them, every heartbeat interval
 * while it runs and once as it exits. Immutable.
 *
 * @param attempt the attempt that wrote them; 0 before any attempt reported lines
 * @param lines at most the last 100 lines, oldest first; empty before the first read
 * @param updatedAt when they were read; null before the first read
 */
@Schema(requiredProperties = {"jobId", "attempt", "lines"})
public record JobLog(UUID jobId, int attempt, List<String> lines,
        @Schema(nullable = true, description = "When the lines were read; null before the first read")
        Instant updatedAt) {

    public JobLog {
        lines = List.copyOf(lines);
    }
}
