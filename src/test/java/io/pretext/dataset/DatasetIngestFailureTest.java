package io.pretext.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.pretext.core.PretextProperties;
import io.pretext.security.CurrentTenant;
import io.pretext.storage.ArtifactStore;
import io.pretext.storage.StorageFullException;
import io.pretext.storage.StorageUnavailableException;
import io.pretext.storage.StoredArtifact;
import io.pretext.storage.TestStores;
import io.pretext.testing.DatasetFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** An upload whose store fails: the store's failure is what the caller gets, and no row is written. */
class DatasetIngestFailureTest {

    @TempDir
    Path dir;

    final DatasetRepository repository = mock(DatasetRepository.class);
    final CurrentTenant currentTenant = mock(CurrentTenant.class);
    ArtifactStore folder;
    Path upload;

    @BeforeEach
    void setUp() throws Exception {
        folder = TestStores.folder(dir.resolve("artifacts"));
        when(currentTenant.id()).thenReturn(UUID.randomUUID());
        upload = Files.write(dir.resolve("images.idx"), DatasetFiles.idxImages(20, 28, 28, 1));
    }

    @Test
    void a_full_store_fails_the_upload_as_full_and_leaves_no_object_and_no_row() throws Exception {
        ArtifactStore full = new FailingStore(folder, 1, new StorageFullException("No space left on device", null), false);

        assertThatThrownBy(() -> ingest(full)).isInstanceOf(StorageFullException.class);
        assertThat(folder.list("")).isEmpty();
        verify(repository, never()).saveAndFlush(any());
    }

    @Test
    void a_store_that_goes_away_reports_the_failed_write_not_the_failed_cleanup() throws Exception {
        ArtifactStore gone = new FailingStore(folder, 1, new StorageUnavailableException("S3 put failed", null), true);

        assertThatThrownBy(() -> ingest(gone)).isInstanceOf(StorageUnavailableException.class)
                .hasMessage("S3 put failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .contains("S3 delete failed"));
        verify(repository, never()).saveAndFlush(any());
    }

    private void ingest(ArtifactStore store) throws IOException {
        DatasetIngestService service = new DatasetIngestService(store, repository,
                new DatasetJson(JsonMapper.builder().build()), currentTenant,
                new DatasetProperties(DataSize.ofGigabytes(1), 200, 1000, 4096, DataSize.ofKilobytes(4)),
                new PretextProperties(dir, Set.of(io.pretext.core.Role.API)), Clock.systemUTC());
        Path work = service.newWorkFolder();
        service.ingest(new DatasetIngestService.Request("d", DatasetFormat.IDX, upload, "images.idx", null, null,
                List.of(), null, null), work);
    }

    /** Stores the first {@code okPuts} objects, then fails every put (and every delete, when asked). */
    private static final class FailingStore implements ArtifactStore {
        private final ArtifactStore delegate;
        private final IOException failure;
        private final boolean deletesFail;
        private int okPuts;

        FailingStore(ArtifactStore delegate, int okPuts, IOException failure, boolean deletesFail) {
            this.delegate = delegate;
            this.okPuts = okPuts;
            this.failure = failure;
            this.deletesFail = deletesFail;
        }

        @Override
        public StoredArtifact put(String key, InputStream content) throws IOException {
            if (okPuts-- <= 0) {
                throw failure;
            }
            return delegate.put(key, content);
        }

        @Override
        public InputStream get(String key) throws IOException {
            return delegate.get(key);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return delegate.exists(key);
        }

        @Override
        public void delete(String key) throws IOException {
            if (deletesFail) {
                throw new StorageUnavailableException("S3 delete failed", null);
            }
            delegate.delete(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return delegate.list(prefix);
        }

        @Override
        public void checkAvailable() {
        }

        @Override
        public String describe() {
            return "failing";
        }
    }
}
