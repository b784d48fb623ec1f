import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop HTTP load generator for benchmarks: POSTs one JSON body N times from T threads
 * over keep-alive connections, after W warm-up requests, and prints "ok total seconds".
 * Run with the JDK's single-file launcher:
 *
 *   java bench/LoadGenerator.java URL KEY BODY N THREADS [WARMUP]
 */
public class LoadGenerator {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String key = args[1];
        String body = args[2];
        int n = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(threads)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < warmup; i++) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pool.submit(() -> {
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                        ok.incrementAndGet();
                    }
                } catch (Exception e) {
                    // counted as not ok
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        System.out.printf("%d %d %.3f%n", ok.get(), n, (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }
}
