package io.pretext.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.pretext.security.CurrentTenant;
import io.pretext.storage.ArtifactStore;
import io.pretext.storage.TestStores;
import io.pretext.web.ConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Deleting a dataset: refused while an unfinished user needs it, else row and objects go. */
class DatasetDeletionTest {

    @TempDir
    Path dir;

    final UUID tenant = UUID.randomUUID();
    final UUID id = UUID.randomUUID();
    DatasetRepository repository = mock(DatasetRepository.class);
    CurrentTenant currentTenant = mock(CurrentTenant.class);
    ArtifactStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = TestStores.folder(dir);
        store.put(DatasetKeys.prefix(id) + "samples-00000.bin", new ByteArrayInputStream(new byte[] {1}));
        when(currentTenant.id()).thenReturn(tenant);
        when(repository.findByIdAndTenantId(id, tenant)).thenReturn(Optional.of(new Dataset(id, tenant, "d",
                Modality.IMAGE, DatasetFormat.IDX, 1, 0, "[]", "[]", false, "[1,1,1]", "0".repeat(64), 1, Instant.EPOCH)));
    }

    @Test
    void a_dataset_in_use_by_an_unfinished_experiment_is_not_deleted() throws Exception {
        DatasetUsage inUse = datasetId -> datasetId.equals(id) ? "experiment 42" : null;

        assertThatThrownBy(() -> catalog(List.of(inUse)).delete(id)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("experiment 42");
        verify(repository, never()).delete(any());
        assertThat(store.list(DatasetKeys.prefix(id))).hasSize(1);
    }

    @Test
    void an_unused_dataset_loses_its_row_and_objects() throws Exception {
        catalog(List.of(datasetId -> null)).delete(id);

        verify(repository).delete(any());
        assertThat(store.list(DatasetKeys.prefix(id))).isEmpty();
    }

    private DatasetCatalog catalog(List<DatasetUsage> usages) {
        DatasetJson json = new DatasetJson(JsonMapper.builder().build());
        return new DatasetCatalog(repository, json, new DatasetContent(store, json), store, currentTenant, usages);
    }
}
