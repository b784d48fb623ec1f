package io.pretext.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ArtifactStore} must do; one subclass per implementation. */
abstract class ArtifactStoreContract {

    /** Bigger than one S3 part, so puts of this size take the multipart path. */
    static final int LARGE = S3ArtifactStore.MIN_PART_SIZE * 2 + 12_345;

    ArtifactStore store;
    String base;

    abstract ArtifactStore createStore() throws Exception;

    @BeforeEach
    void setUpStore() throws Exception {
        store = createStore();
        base = "contract-" + UUID.randomUUID();
    }

    @Test
    void put_returns_size_and_sha256_and_get_returns_the_bytes() throws Exception {
        byte[] bytes = "hello, pretext".getBytes(StandardCharsets.UTF_8);

        StoredArtifact stored = store.put(base + "/a.txt", new ByteArrayInputStream(bytes));

        assertThat(stored.sizeBytes()).isEqualTo(bytes.length);
        assertThat(stored.sha256()).isEqualTo(sha256(bytes));
        try (InputStream in = store.get(base + "/a.txt")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void a_large_put_streams_in_parts_and_round_trips() throws Exception {
        byte[] bytes = randomBytes(LARGE);

        StoredArtifact stored = store.put(base + "/large.bin", new ByteArrayInputStream(bytes));

        assertThat(stored.sizeBytes()).isEqualTo(LARGE);
        assertThat(stored.sha256()).isEqualTo(sha256(bytes));
        try (InputStream in = store.get(base + "/large.bin")) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(bytes));
        }
    }

    @Test
    void an_empty_object_is_allowed() throws Exception {
        StoredArtifact stored = store.put(base + "/empty", new ByteArrayInputStream(new byte[0]));

        assertThat(stored.sizeBytes()).isZero();
        assertThat(store.exists(base + "/empty")).isTrue();
    }

    @Test
    void a_failed_put_leaves_nothing_behind() throws Exception {
        assertThatThrownBy(() -> store.put(base + "/broken.bin", failingAfter(randomBytes(LARGE), LARGE - 100)))
                .isInstanceOf(IOException.class);

        assertThat(store.exists(base + "/broken.bin")).isFalse();
        assertThat(store.list(base)).isEmpty();
    }

    @Test
    void a_failed_put_keeps_the_previous_object_whole() throws Exception {
        byte[] first = randomBytes(1000);
        store.put(base + "/kept.bin", new ByteArrayInputStream(first));

        assertThatThrownBy(() -> store.put(base + "/kept.bin", failingAfter(randomBytes(LARGE), LARGE / 2)))
                .isInstanceOf(IOException.class);

        try (InputStream in = store.get(base + "/kept.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(first);
        }
    }

    @Test
    void put_replaces_an_existing_object() throws Exception {
        store.put(base + "/x", new ByteArrayInputStream(new byte[] {1}));
        store.put(base + "/x", new ByteArrayInputStream(new byte[] {2, 3}));

        try (InputStream in = store.get(base + "/x")) {
            assertThat(in.readAllBytes()).containsExactly(2, 3);
        }
    }

    @Test
    void exists_delete_and_get_of_a_missing_key() throws Exception {
        store.put(base + "/d", new ByteArrayInputStream(new byte[] {1}));
        assertThat(store.exists(base + "/d")).isTrue();

        store.delete(base + "/d");
        store.delete(base + "/d");

        assertThat(store.exists(base + "/d")).isFalse();
        assertThatThrownBy(() -> store.get(base + "/d")).isInstanceOf(ArtifactNotFoundException.class);
    }

    @Test
    void list_returns_keys_under_a_prefix_sorted() throws Exception {
        for (String key : new String[] {"b/2", "a/1", "b/1", "c"}) {
            store.put(base + "/" + key, new ByteArrayInputStream(new byte[] {0}));
        }
        store.put(base + "-sibling/z", new ByteArrayInputStream(new byte[] {0}));

        assertThat(store.list(base + "/")).containsExactly(base + "/a/1", base + "/b/1", base + "/b/2", base + "/c");
        assertThat(store.list(base + "/b/")).containsExactly(base + "/b/1", base + "/b/2");
        assertThat(store.list(base + "/nothing/")).isEmpty();
    }

    @Test
    void keys_that_escape_or_are_malformed_are_rejected() {
        for (String bad : new String[] {"../etc/passwd", "/abs", "a//b", "a/./b", "a/../b", "", "sp ace", "a\\b"}) {
            assertThatThrownBy(() -> store.put(bad, new ByteArrayInputStream(new byte[] {0})))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void the_store_reports_itself_available() throws Exception {
        store.checkAvailable();

        assertThat(store.describe()).isNotBlank();
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A stream that fails with an IOException after {@code limit} bytes, like a dropped upload. */
    static InputStream failingAfter(byte[] bytes, int limit) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            private int read;

            @Override
            public int read() throws IOException {
                check(1);
                read++;
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check(len);
                int n = super.read(b, off, Math.min(len, limit - read));
                read += Math.max(n, 0);
                return n;
            }

            private void check(int wanted) throws IOException {
                if (read >= limit) {
                    throw new IOException("connection reset by test");
                }
            }
        };
    }
}
