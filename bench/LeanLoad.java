import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same load as {@code InferenceLoad.java} (same arguments, same output line and JSON), sent by a
 * single-threaded non-blocking HTTP/1.1 client over keep-alive connections instead of Java's
 * HttpClient. On a 2-core machine that also runs the server, HttpClient spends about 1 ms of CPU per
 * request, as much as the server spends answering it; this client spends a small fraction of that,
 * so more of the machine measures the server. It speaks only what the inference routes answer:
 * one request per connection at a time (no pipelining), bodies sized by {@code Content-Length},
 * chunked, or ended by the server closing the connection; a connection idle for 4 s is not reused
 * (the server's keep-alive timeout is 5 s). Closed loop: THREADS connections send COUNT requests back to back. Open loop: a request
 * is due every 1/RATE s for SECONDS; it goes out on an idle connection or a new one, and its
 * latency counts from when it was due (no coordinated omission).
 *
 *   java bench/LeanLoad.java closed   URL KEY BODY_FILE CONNECTIONS COUNT [WARMUP]
 *   java bench/LeanLoad.java open     URL KEY BODY_FILE RATE SECONDS
 *   java bench/LeanLoad.java overload URL KEY BODY_FILE CAPACITY SECONDS JSON_OUT [FACTOR]
 *
 * The output line adds clientCpuMs: this process's CPU per request sent, after the warm-up.
 */
public class LeanLoad {

    static final List<Double> latencies = new ArrayList<>();
    static final List<Double> refusals = new ArrayList<>();
    static final List<Integer> retryAfters = new ArrayList<>();
    static final Map<Integer, Integer> statuses = new TreeMap<>();
    static final Map<String, Integer> failures = new TreeMap<>();

    static InetSocketAddress address;
    static ByteBuffer request;
    static Selector selector;
    static final ArrayDeque<Connection> idle = new ArrayDeque<>();
    static int warmupLeft;
    static int inFlight;
    /** Requests that failed inside send(), before poll() could count them as finished. */
    static int failedOnSend;
    static final long IDLE_REUSE_NANOS = 4_000_000_000L;
    static long cpuAtStart;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        address = new InetSocketAddress(uri.getHost(), uri.getPort());
        byte[] body = Files.readAllBytes(Path.of(args[3]));
        String contentType = args[3].endsWith(".json") ? "application/json" : "application/octet-stream";
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + args[2] + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        request = ByteBuffer.allocateDirect(head.length + body.length).put(head).put(body).flip();
        selector = Selector.open();
        long start;
        int sent;
        if (mode.equals("closed")) {
            int connections = Integer.parseInt(args[4]);
            sent = Integer.parseInt(args[5]);
            warmupLeft = args.length > 6 ? Integer.parseInt(args[6]) : 100;
            int left = sent + warmupLeft;
            start = System.nanoTime();
            for (int i = 0; i < Math.min(connections, left); i++) {
                send(System.nanoTime());
            }
            left -= Math.min(connections, left);
            boolean warm = warmupLeft == 0;
            cpuAtStart = cpuNanos();
            while (inFlight > 0) {
                int finished = poll(100);
                if (!warm && warmupLeft == 0) {
                    warm = true;
                    start = System.nanoTime();
                    cpuAtStart = cpuNanos();
                }
                for (int i = 0; i < finished && left > 0; i++, left--) {
                    send(System.nanoTime());
                }
            }
        } else {
            boolean overload = mode.equals("overload");
            double factor = overload && args.length > 7 ? Double.parseDouble(args[7]) : 3;
            double rate = overload ? factor * Double.parseDouble(args[4]) : Double.parseDouble(args[4]);
            double seconds = Double.parseDouble(args[5]);
            sent = (int) Math.round(rate * seconds);
            start = System.nanoTime();
            cpuAtStart = cpuNanos();
            int next = 0;
            while (next < sent || inFlight > 0) {
                long now = System.nanoTime();
                for (long due = start + (long) (next * 1e9 / rate); next < sent && due <= now;
                        due = start + (long) (++next * 1e9 / rate)) {
                    send(due);
                }
                long wait = next < sent ? start + (long) (next * 1e9 / rate) - System.nanoTime() : 100_000_000L;
                poll(Math.max(1, wait / 1_000_000));
            }
            if (overload) {
                writeJson(Path.of(args[6]), rate, seconds, sent, (System.nanoTime() - start) / 1e9);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMs = (cpuNanos() - cpuAtStart) / 1e6 / Math.max(1, sent);
        List<Double> sorted = sorted(latencies);
        int ok = count(200);
        System.out.printf(Locale.ROOT, "ok=%d sent=%d seconds=%.3f rps=%.1f p50ms=%.1f p99ms=%.1f status429=%d "
                + "status503=%d other=%d clientCpuMs=%.3f failures=%s%n", ok, sent, elapsed, ok / elapsed,
                percentile(sorted, 0.50), percentile(sorted, 0.99), count(429), count(503),
                sent - ok - count(429) - count(503), cpuMs, failures);
    }

    /** CPU time of this process so far (all threads, user + system), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Sends one request, due at {@code due} (nanoTime), on an idle connection or a new one. */
    static void send(long due) throws IOException {
        inFlight++;
        Connection connection = idle.poll();
        while (connection != null && System.nanoTime() - connection.idleSince > IDLE_REUSE_NANOS) {
            // The server closes idle connections after its keep-alive timeout (5 s by default).
            connection.channel.close();
            connection = idle.poll();
        }
        if (connection == null) {
            connection = new Connection();
            try {
                connection.channel = SocketChannel.open();
                connection.channel.configureBlocking(false);
                connection.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                boolean connected = connection.channel.connect(address);
                connection.key = connection.channel.register(selector,
                        connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, connection);
            } catch (IOException e) {
                connection.due = due;
                fail(connection, e);
                failedOnSend++;
                return;
            }
        } else {
            connection.key.interestOps(SelectionKey.OP_WRITE);
        }
        connection.start(due);
    }

    /** Waits up to {@code millis} for I/O and handles it; returns how many requests finished. */
    static int poll(long millis) throws IOException {
        int finished = failedOnSend;
        failedOnSend = 0;
        selector.select(millis);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection connection = (Connection) key.attachment();
            try {
                if (key.isConnectable()) {
                    connection.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    connection.channel.write(connection.out);
                    if (!connection.out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable() && connection.read()) {
                    finished++;
                    done(connection);
                }
            } catch (IOException e) {
                finished++;
                fail(connection, e);
            }
        }
        return finished;
    }

    static void done(Connection connection) throws IOException {
        inFlight--;
        if (warmupLeft > 0) {
            warmupLeft--;
        } else {
            int status = connection.status;
            statuses.merge(status, 1, Integer::sum);
            double millis = (System.nanoTime() - connection.due) / 1e6;
            if (status == 200) {
                latencies.add(millis);
            } else if (status == 429) {
                refusals.add(millis);
                if (connection.retryAfter >= 0) {
                    retryAfters.add(connection.retryAfter);
                }
            } else if (status != 503) {
                failures.merge("status" + status, 1, Integer::sum);
            }
        }
        if (connection.close) {
            connection.channel.close();
        } else {
            connection.key.interestOps(0);
            connection.idleSince = System.nanoTime();
            idle.push(connection);
        }
    }

    static void fail(Connection connection, IOException e) {
        inFlight--;
        if (warmupLeft > 0) {
            warmupLeft--;
        } else {
            statuses.merge(-1, 1, Integer::sum);
            failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        }
        try {
            connection.channel.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is dropped either way
        }
    }

    /** One keep-alive connection and the state of the request it carries. */
    static final class Connection {
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        long due;
        long idleSince;
        boolean untilClose;
        int status;
        int retryAfter;
        boolean close;

        void start(long due) {
            this.due = due;
            out = request.duplicate();
            in.clear();
            status = 0;
            retryAfter = -1;
            close = false;
            untilClose = false;
        }

        /** Reads what arrived; true once the whole response is here. */
        boolean read() throws IOException {
            if (!in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                in = bigger.put(in);
            }
            if (channel.read(in) < 0) {
                if (untilClose) {
                    close = true;
                    return true;
                }
                throw new IOException("connection closed before the whole response arrived");
            }
            return complete(in.array(), in.position());
        }

        boolean complete(byte[] data, int length) throws IOException {
            int headerEnd = indexOf(data, length, 0, "\r\n\r\n");
            if (headerEnd < 0) {
                return false;
            }
            String header = new String(data, 0, headerEnd, StandardCharsets.ISO_8859_1);
            String[] lines = header.split("\r\n");
            status = Integer.parseInt(lines[0].substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "retry-after" -> retryAfter = value.matches("\\d+") ? Integer.parseInt(value) : -1;
                    default -> { }
                }
            }
            int bodyStart = headerEnd + 4;
            if (!chunked && contentLength < 0 && close && status != 204 && status != 304) {
                untilClose = true; // the body ends when the server closes the connection
                return false;
            }
            if (!chunked) {
                return length >= bodyStart + Math.max(0, contentLength);
            }
            for (int at = bodyStart;;) {
                int lineEnd = indexOf(data, length, at, "\r\n");
                if (lineEnd < 0) {
                    return false;
                }
                String size = new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = size.indexOf(';');
                int chunk = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (chunk == 0) {
                    return indexOf(data, length, lineEnd, "\r\n\r\n") == lineEnd;
                }
                at = lineEnd + 2 + chunk + 2;
                if (at > length) {
                    return false;
                }
            }
        }
    }

    static int indexOf(byte[] data, int length, int from, String pattern) {
        byte[] p = pattern.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= length - p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (data[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void writeJson(Path out, double rate, double seconds, int sent, double elapsed) throws IOException {
        List<Double> ok = sorted(latencies);
        List<Double> refused = sorted(refusals);
        List<Integer> retry = new ArrayList<>(retryAfters);
        Collections.sort(retry);
        Files.writeString(out, String.format(Locale.ROOT, "{\"mode\":\"overload\",\"client\":\"lean\",\"ratePerSecond\":%.1f,"
                + "\"seconds\":%.1f,\"elapsedSeconds\":%.3f,\"sent\":%d,\"status200\":%d,\"status429\":%d,"
                + "\"status503\":%d,\"other\":%d,\"ok\":{\"p50ms\":%.1f,\"p99ms\":%.1f,\"maxms\":%.1f},"
                + "\"refused\":{\"p50ms\":%.1f,\"p99ms\":%.1f},\"retryAfterSeconds\":{\"min\":%d,\"max\":%d}}%n",
                rate, seconds, elapsed, sent, count(200), count(429), count(503),
                sent - count(200) - count(429) - count(503), percentile(ok, 0.5), percentile(ok, 0.99),
                ok.isEmpty() ? 0 : ok.get(ok.size() - 1), percentile(refused, 0.5), percentile(refused, 0.99),
                retry.isEmpty() ? 0 : retry.get(0), retry.isEmpty() ? 0 : retry.get(retry.size() - 1)));
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    static int count(int status) {
        return statuses.getOrDefault(status, 0);
    }

    static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
