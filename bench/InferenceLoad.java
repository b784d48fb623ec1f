import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Load for the inference routes: POSTs one body (read from a file: JSON when its name ends in
 * {@code .json}, else {@code application/octet-stream}, for the raw-pixel routes) and reports throughput,
 * latency percentiles of the 200s and the count of each status. Closed loop: THREADS clients
 * send COUNT requests back to back. Open loop: requests start at RATE per second for SECONDS,
 * whatever the answers (what overload looks like to a server). Overload: an open loop at FACTOR
 * (default 3) times CAPACITY requests/s (as a closed loop measured it), which also writes JSON_OUT
 * with the 200s' p50/p99/max, how fast the 429s came and the Retry-After values they carried.
 * Single-file launcher:
 *
 *   java bench/InferenceLoad.java closed   URL KEY BODY_FILE THREADS COUNT [WARMUP]
 *   java bench/InferenceLoad.java open     URL KEY BODY_FILE RATE SECONDS
 *   java bench/InferenceLoad.java overload URL KEY BODY_FILE CAPACITY SECONDS JSON_OUT [FACTOR]
 *
 * Prints one line: "ok=.. sent=.. seconds=.. rps=.. p50ms=.. p99ms=.. status429=.. status503=.. other=..
 * clientCpuMs=.. failures={..}" (clientCpuMs: this process's CPU per request sent, after the
 * warm-up). A request that got no HTTP answer (connection refused or reset) counts as "other"; failures names what the others were (another status, or the client's exception) and how many.
 */
public class InferenceLoad {

    static final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    static final List<Double> refusals = Collections.synchronizedList(new ArrayList<>());
    static final List<Integer> retryAfters = Collections.synchronizedList(new ArrayList<>());
    static final ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    static long cpuAtStart;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        byte[] body = Files.readAllBytes(Path.of(args[3]));
        String contentType = args[3].endsWith(".json") ? "application/json" : "application/octet-stream";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[1])).header("Authorization", "Bearer " + args[2])
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long start;
        int sent;
        if (mode.equals("closed")) {
            int threads = Integer.parseInt(args[4]);
            sent = Integer.parseInt(args[5]);
            int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 100;
            for (int i = 0; i < warmup; i++) {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch done = new CountDownLatch(sent);
            start = System.nanoTime();
            cpuAtStart = cpuNanos();
            for (int i = 0; i < sent; i++) {
                pool.submit(() -> {
                    long t = System.nanoTime();
                    try {
                        record(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), t);
                    } catch (Exception e) {
                        failed(e);
                        record(-1, t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        } else {
            boolean overload = mode.equals("overload");
            double factor = overload && args.length > 7 ? Double.parseDouble(args[7]) : 3;
            double rate = overload ? factor * Double.parseDouble(args[4]) : Double.parseDouble(args[4]);
            double seconds = Double.parseDouble(args[5]);
            sent = (int) Math.round(rate * seconds);
            List<CompletableFuture<?>> all = new ArrayList<>();
            start = System.nanoTime();
            cpuAtStart = cpuNanos();
            for (int i = 0; i < sent; i++) {
                long due = start + (long) (i * 1e9 / rate);
                // Sleep rather than spin between requests: a spinning sender takes a whole core from
                // the server it measures on a small machine. Parking overshoots by tens of microseconds.
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                // Latency counts from when the request was due, so a sender that falls behind is not
                // hiding the server's queueing (coordinated omission).
                long t = due;
                all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .handle((r, e) -> {
                            if (e != null) {
                                failed(e.getCause() != null ? e.getCause() : e);
                            }
                            record(e == null ? r.statusCode() : -1, t);
                            if (e == null && r.statusCode() == 429) {
                                refusals.add((System.nanoTime() - t) / 1e6);
                                r.headers().firstValue("Retry-After").ifPresent(v -> retryAfters.add(Integer.valueOf(v)));
                            }
                            return null;
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            if (overload) {
                writeJson(Path.of(args[6]), rate, seconds, sent, (System.nanoTime() - start) / 1e9);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int ok = statuses.getOrDefault(200, new AtomicInteger()).get();
        int other = sent - ok - count(429) - count(503);
        System.out.printf(java.util.Locale.ROOT, "ok=%d sent=%d seconds=%.3f rps=%.1f p50ms=%.1f p99ms=%.1f status429=%d "
                + "status503=%d other=%d clientCpuMs=%.3f failures=%s%n",
                ok, sent, elapsed, ok / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), count(429),
                count(503), other, (cpuNanos() - cpuAtStart) / 1e6 / Math.max(1, sent), failures);
        System.exit(0);
    }

    static void writeJson(Path out, double rate, double seconds, int sent, double elapsed) throws Exception {
        List<Double> ok = sorted(latencies);
        List<Double> refused = sorted(refusals);
        List<Integer> retry = new ArrayList<>(retryAfters);
        Collections.sort(retry);
        int other = sent - count(200) - count(429) - count(503);
        Files.writeString(out, String.format(java.util.Locale.ROOT, "{\"mode\":\"overload\",\"ratePerSecond\":%.1f,"
                + "\"seconds\":%.1f,\"elapsedSeconds\":%.3f,\"sent\":%d,\"status200\":%d,\"status429\":%d,"
                + "\"status503\":%d,\"other\":%d,\"ok\":{\"p50ms\":%.1f,\"p99ms\":%.1f,\"maxms\":%.1f},"
                + "\"refused\":{\"p50ms\":%.1f,\"p99ms\":%.1f},\"retryAfterSeconds\":{\"min\":%d,\"max\":%d}}%n",
                rate, seconds, elapsed, sent, count(200), count(429), count(503), other, percentile(ok, 0.5),
                percentile(ok, 0.99), ok.isEmpty() ? 0 : ok.get(ok.size() - 1), percentile(refused, 0.5),
                percentile(refused, 0.99), retry.isEmpty() ? 0 : retry.get(0),
                retry.isEmpty() ? 0 : retry.get(retry.size() - 1)));
    }

    /** CPU time of this process so far (all threads, user + system), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    static void failed(Throwable e) {
        failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
    }

    static void record(int status, long startNanos) {
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status != 200 && status != 429 && status != 503 && status != -1) {
            failures.computeIfAbsent("status" + status, k -> new AtomicInteger()).incrementAndGet();
        }
        if (status == 200) {
            latencies.add((System.nanoTime() - startNanos) / 1e6);
        }
    }

    static int count(int status) {
        return statuses.getOrDefault(status, new AtomicInteger()).get();
    }

    static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
