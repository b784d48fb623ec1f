package io.pretext.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.pretext.PretextApplication;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.IntegrationTest;
import io.pretext.testing.TestDatabaseConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A short in-process measurement, not a test: requests/s of {@code GET /v1/me} (little but the key
 * check) and of one-job experiment submissions (bench/jobs.sh's enqueue), from 8 closed-loop client
 * threads in the same JVM, with the verified-key cache off ({@code ttl=0}) and on, in ABBA order.
 * Compare the numbers of one run only (the machine is shared). Run after {@code test-compile}:
 * {@code java -cp target/test-classes:target/classes:$CP io.pretext.security.KeyCacheThroughput [rounds]}
 * (2 by default, after a warm-up pair).
 */
public final class KeyCacheThroughput {

    private static final int THREADS = 8;

    private KeyCacheThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        // Each context runs faster than the one before (the JIT warms up): a discarded warm-up pair,
        // then off-on, on-off, ... so the trend favours neither side.
        measure("0s", "warm-up");
        measure("30s", "warm-up");
        for (int round = 0; round < rounds; round++) {
            for (String ttl : round % 2 == 0 ? List.of("0s", "30s") : List.of("30s", "0s")) {
                measure(ttl, "round " + (round + 1));
            }
        }
        System.exit(0);
    }

    private static void measure(String ttl, String label) throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PretextApplication.class,
                TestDatabaseConfiguration.class).run("--server.port=0", "--pretext.roles=api",
                "--pretext.data-dir=target/bench-data", "--pretext.security.bootstrap-key=" + IntegrationTest.ADMIN_KEY,
                "--pretext.security.key-cache.ttl=" + ttl, "--logging.level.root=WARN")) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
            String tenant = api.post("/v1/admin/tenants", IntegrationTest.ADMIN_KEY, ApiClient.json(Map.of("name",
                    "bench-" + UUID.randomUUID().toString().substring(0, 8)))).json().get("id").asString();
            String key = api.post("/v1/admin/tenants/" + tenant + "/keys", IntegrationTest.ADMIN_KEY,
                    ApiClient.json(Map.of("name", "bench", "scopes", List.of("read", "write")))).json()
                    .get("key").asString();
            String dataset = api.upload("/v1/datasets", key, Map.of("name", "tiny"),
                    new FilePart("file", "t.idx", DatasetFiles.idxImages(20, 8, 8, 1))).json().get("id").asString();
            String spec = """
                    {"name": "b", "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1}}""".formatted(dataset);
            double me = rate(api, 3000, a -> a.get("/v1/me", key));
            double enqueue = rate(api, 600, a -> a.post("/v1/experiments", key, spec));
            System.out.printf("%-8s key-cache ttl=%-4s GET /v1/me %7.1f req/s   POST /v1/experiments (1 job) %6.1f jobs/s%n",
                    label, ttl, me, enqueue);
        }
    }

    /** Requests/s of {@code n} calls from {@link #THREADS} threads, after {@code n / 5} warm-up calls. */
    private static double rate(ApiClient api, int n, Function<ApiClient, Response> call) throws Exception {
        for (int i = 0; i < n / 5; i++) {
            call.apply(api);
        }
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pool.submit(() -> {
                if (call.apply(api).status() / 100 == 2) {
                    ok.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (ok.get() != n) {
            throw new IllegalStateException(ok.get() + " of " + n + " requests succeeded");
        }
        return n / seconds;
    }
}
