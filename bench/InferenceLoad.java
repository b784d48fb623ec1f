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

/**
 * Load for the inference routes: POSTs one JSON body (read from a file) and reports throughput,
 * latency percentiles of the 200s and the count of each status. Closed loop: THREADS clients
 * send COUNT requests back to back. Open loop: requests start at RATE per second for SECONDS,
 * whatever the answers (what overload looks like to a server). Single-file launcher:
 *
 *   java bench/InferenceLoad.java closed URL KEY BODY_FILE THREADS COUNT [WARMUP]
 *   java bench/InferenceLoad.java open   URL KEY BODY_FILE RATE SECONDS
 *
 * Prints one line: "ok=.. sent=.. seconds=.. rps=.. p50ms=.. p99ms=.. status429=.. status503=.. other=..".
 */
public class InferenceLoad {

    static final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    static final ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String body = Files.readString(Path.of(args[3]));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[1])).header("Authorization", "Bearer " + args[2])
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
            for (int i = 0; i < sent; i++) {
                pool.submit(() -> {
                    long t = System.nanoTime();
                    try {
                        record(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), t);
                    } catch (Exception e) {
                        record(-1, t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        } else {
            double rate = Double.parseDouble(args[4]);
            double seconds = Double.parseDouble(args[5]);
            sent = (int) Math.round(rate * seconds);
            List<CompletableFuture<?>> all = new ArrayList<>();
            start = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                long due = start + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                long t = System.nanoTime();
                all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .handle((r, e) -> {
                            record(e == null ? r.statusCode() : -1, t);
                            return null;
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int ok = statuses.getOrDefault(200, new AtomicInteger()).get();
        int other = sent - ok - count(429) - count(503);
        System.out.printf("ok=%d sent=%d seconds=%.3f rps=%.1f p50ms=%.1f p99ms=%.1f status429=%d status503=%d other=%d%n",
                ok, sent, elapsed, ok / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), count(429),
                count(503), other);
        System.exit(0);
    }

    static void record(int status, long startNanos) {
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
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
