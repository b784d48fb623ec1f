package io.pretext.training;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pretext.storage.ArtifactStore;
import io.pretext.storage.ArtifactStores;
import io.pretext.training.child.ChildControl;
import io.pretext.training.child.ChildEvents;
import io.pretext.training.child.TrainingRun;
import io.pretext.training.data.TextBatching;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training child's entry point: {@code java -cp <app classpath> io.pretext.training.ChildMain
 * <request.json>}. One job per JVM (DJL's PyTorch engine allows one gradient collector per JVM and
 * never frees optimizer state; a native crash takes only this process). Reports on stdout, obeys
 * stdin, logs to stderr; the exit code says how it ended ({@link ExitCodes}).
 */
public final class ChildMain {

    /**
     * System property the worker sets to {@code true} where it preloads jemalloc into the child:
     * text training may then batch texts by length (see {@code TextBatching}).
     */
    public static final String TEXT_BATCHES_BY_LENGTH = TextBatching.PROPERTY;

    private ChildMain() {
    }

    public static void main(String[] args) {
        PrintStream events = System.out;
        // Libraries that print to stdout must not corrupt the event stream.
        System.setOut(System.err);
        ChildControl control = ChildControl.watch(System.in);
        ChildEvents channel = new ChildEvents(events);
        int code;
        try {
            JsonMapper json = JsonMapper.builder().build();
            TrainingRequest request = json.readValue(Files.readString(Path.of(args[0])), TrainingRequest.class);
            ArtifactStore store = ArtifactStores.create(request.storage(), Path.of(request.dataDir()));
            code = new TrainingRun(request, store, channel, control, json).run();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            System.err.println("PERMANENT: " + e.getMessage());
            code = ExitCodes.PERMANENT_FAILURE;
        } catch (Throwable e) {
            e.printStackTrace(System.err);
            System.err.println("FAILED: " + e);
            code = ExitCodes.FAILED;
        }
        // Last, so that it counts all the work: the supervisor bills it to the job (CPU minutes per arm).
        double cpuSeconds = ProcessCpu.seconds();
        if (cpuSeconds >= 0) {
            channel.send(new ChildEvent.Usage(cpuSeconds));
        }
        System.err.flush();
        events.flush();
        Runtime.getRuntime().halt(code);
    }
}
