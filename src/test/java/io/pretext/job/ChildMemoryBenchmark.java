package io.pretext.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.ingest.CanonicalDatasetWriter;
import io.pretext.storage.ArtifactStore;
import io.pretext.storage.ArtifactStores;
import io.pretext.storage.StorageProperties;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.FashionMnist;
import io.pretext.training.JobKind;
import io.pretext.training.TrainingRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resident memory of real training children (bench/child-memory.sh): the same SimCLR pretraining on
 * a Fashion-MNIST slice, started by {@link ChildLauncher} with its settings (fixed heap,
 * {@code MALLOC_ARENA_MAX}, jemalloc where installed) and, side by side, as it was started before
 * (the same {@code -Xmx}, no {@code -Xms}, glibc's malloc with its default arenas). Samples each child's VmRSS from {@code /proc} when it
 * reports an epoch (an epoch event, or a checkpoint event at a checkpoint epoch). Prints one JSON
 * line. Usage: {@code ChildMemoryBenchmark <images> <epochs> <workDir> [extra JVM options]}; with
 * extra options, a third child runs with the launcher's settings plus those (e.g.
 * {@code -XX:+AlwaysPreTouch}).
 */
public final class ChildMemoryBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final StorageProperties STORAGE = new StorageProperties(StorageProperties.Type.FILESYSTEM, null);
    private static final Pattern EPOCH =
            Pattern.compile("\"event\"\\s*:\\s*\"(?:epoch|checkpoint)\".*?\"epoch\"\\s*:\\s*(\\d+)");

    private ChildMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int images = Integer.parseInt(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        Path dataDir = work.resolve("data");
        UUID dataset = writeDataset(dataDir, images);
        WorkerProperties worker = new WorkerProperties(List.of("cpu"), "2g", false, 2, "auto", 0, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        ChildLauncher launcher = new ChildLauncher(worker);

        List<String> extra = args.length > 3 ? List.of(args[3].trim().split("\\s+")) : List.of();
        Map<String, Arm> arms = new LinkedHashMap<>();
        for (String name : extra.isEmpty() ? List.of("before", "launcher") : List.of("before", "launcher", "extra")) {
            UUID job = UUID.randomUUID();
            Path request = work.resolve(name + "-request.json");
            Files.writeString(request, JSON.writeValueAsString(new TrainingRequest(job, 1, JobKind.PRETRAIN,
                    payload(dataset, epochs), STORAGE, dataDir.toString(), ArtifactLayout.checkpoints(job), null, 0,
                    null, "bench")));
            ProcessBuilder builder = launcher.processBuilder(request, "cpu", job)
                    .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve(name + "-child.log").toFile()));
            if (name.equals("before")) {
                builder.command().removeIf(option -> option.startsWith("-Xms"));
                builder.environment().remove("MALLOC_ARENA_MAX");
                // Before the launcher preloaded jemalloc (where installed), children ran on glibc's malloc.
                builder.environment().remove("LD_PRELOAD");
            }
            if (name.equals("extra")) {
                builder.command().addAll(1, extra);
            }
            arms.put(name, new Arm(name, builder.command(), builder.start()));
        }
        for (Arm arm : arms.values()) {
            arm.sampler.start();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", images);
        out.put("epochs", epochs);
        for (Arm arm : arms.values()) {
            arm.sampler.join();
            int code = arm.process.waitFor();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("exitCode", code);
            result.put("jvmOptions", arm.command.stream().filter(o -> o.startsWith("-X")).toList());
            result.put("mallocArenaMax", arm.arenas);
            result.put("rssKbPerEpoch", arm.rss);
            result.put("secondsPerEpoch", arm.seconds);
            if (arm.rss.size() >= Math.max(epochs, 5)) {
                result.put("growthEpoch5ToLast", (double) arm.rss.get(epochs - 1) / arm.rss.get(4) - 1);
            }
            out.put(arm.name, result);
        }
        System.out.println(JSON.writeValueAsString(out));
    }

    /** The first {@code n} training images of Fashion-MNIST, stored as the service stores a dataset. */
    private static UUID writeDataset(Path dataDir, int n) throws IOException {
        ArtifactStore store = ArtifactStores.create(STORAGE, dataDir);
        DatasetReader.Images data = FashionMnist.load("train", n);
        UUID id = UUID.randomUUID();
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        CanonicalDatasetWriter writer = new CanonicalDatasetWriter(store, "datasets/" + id + "/", tmp, 8 << 20);
        writer.startImages(1, 28, 28, FashionMnist.CLASSES);
        int size = 28 * 28;
        for (int i = 0; i < n; i++) {
            byte[] image = new byte[size];
            System.arraycopy(data.pixels(), i * size, image, 0, size);
            writer.addImage(image, data.labels()[i]);
        }
        writer.finish(JSON::writeValueAsBytes);
        return id;
    }

    private static String payload(UUID dataset, int epochs) {
        return "{\"seed\":1,\"checkpoint\":{\"everyEpochs\":" + epochs + ",\"keepLatest\":1},"
                + "\"pretrain\":{\"dataset\":\""
                + dataset + "\",\"method\":\"simclr\",\"encoder\":\"cnn-small\",\"epochs\":" + epochs
                + ",\"batchSize\":128,\"optimizer\":{\"type\":\"adamw\",\"lr\":0.001,\"weightDecay\":1.0E-4},"
                + "\"schedule\":\"warmup-cosine\",\"temperature\":0.2,\"augmentation\":\"strong\",\"knnEvery\":1}}";
    }

    /** One child: its command, and a thread that reads its events and samples VmRSS at each epoch. */
    private static final class Arm {

        final String name;
        final List<String> command;
        final Process process;
        volatile String arenas;
        final List<Long> rss = new ArrayList<>();
        final List<Double> seconds = new ArrayList<>();
        final Thread sampler;

        Arm(String name, List<String> command, Process process) {
            this.name = name;
            this.command = List.copyOf(command);
            this.process = process;
            this.sampler = new Thread(this::sample, name + "-sampler");
        }

        private void sample() {
            long last = System.nanoTime();
            try (BufferedReader events = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = events.readLine()) != null) {
                    Matcher epoch = EPOCH.matcher(line);
                    if (epoch.find()) {
                        if (rss.isEmpty()) {
                            arenas = environment(process.pid(), "MALLOC_ARENA_MAX");
                        }
                        rss.add(residentKb(process.pid()));
                        long now = System.nanoTime();
                        seconds.add((now - last) / 1e9);
                        last = now;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** A variable of a running process's environment, as the kernel saw it at exec; null when unset. */
    private static String environment(long pid, String name) {
        try {
            for (String entry : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                    StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(name + "=")) {
                    return entry.substring(name.length() + 1);
                }
            }
            return null;
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
