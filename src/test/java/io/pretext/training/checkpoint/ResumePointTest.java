package io.pretext.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.pretext.storage.ArtifactStore;
import io.pretext.storage.ArtifactStores;
import io.pretext.storage.StorageProperties;
import io.pretext.training.ArtifactLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which checkpoint a run resumes from: the newest complete one, where complete means its manifest
 * was written (last) and every file it names is there; a torn write is never chosen.
 */
class ResumePointTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JOB = ArtifactLayout.checkpoints(UUID.fromString("00000000-0000-0000-0000-00000000000a"));

    @TempDir
    Path dir;

    private ArtifactStore store;
    private NDManager manager;
    private Block block;

    @BeforeEach
    void setUp() throws IOException {
        store = ArtifactStores.create(new StorageProperties(StorageProperties.Type.FILESYSTEM, null), dir);
        manager = NDManager.newBaseManager();
        block = Linear.builder().setUnits(2).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void a_step_checkpoint_whose_manifest_was_never_written_is_not_selected() throws IOException {
        String complete = write(ArtifactLayout.step(JOB, 14), new TrainingPosition(1, 4, 14));
        String torn = write(ArtifactLayout.step(JOB, 18), new TrainingPosition(1, 8, 18));
        store.delete(torn + ArtifactLayout.MANIFEST); // the writer died before its last file

        assertThat(ResumePoint.find(store, JOB, ArtifactLayout.epoch(JOB, 1), 1, JSON))
                .contains(new ResumePoint(complete, new TrainingPosition(1, 4, 14)));
    }

    @Test
    void a_manifest_naming_a_file_that_is_missing_is_not_selected_either() throws IOException {
        String complete = write(ArtifactLayout.step(JOB, 14), new TrainingPosition(1, 4, 14));
        String damaged = write(ArtifactLayout.step(JOB, 18), new TrainingPosition(1, 8, 18));
        store.delete(damaged + ArtifactLayout.OPTIMIZER);

        assertThat(ResumePoint.find(store, JOB, null, 0, JSON).map(ResumePoint::prefix)).contains(complete);
    }

    @Test
    void only_torn_step_checkpoints_leave_the_supervisors_epoch_checkpoint_or_a_fresh_start() throws IOException {
        String torn = write(ArtifactLayout.step(JOB, 4), new TrainingPosition(0, 4, 4));
        store.delete(torn + ArtifactLayout.MANIFEST);

        assertThat(ResumePoint.find(store, JOB, null, 0, JSON)).isEmpty();
    }

    @Test
    void a_step_checkpoint_older_than_the_supervisors_epoch_checkpoint_is_passed_over() throws IOException {
        write(ArtifactLayout.step(JOB, 4), new TrainingPosition(0, 4, 4));
        String epoch = write(ArtifactLayout.epoch(JOB, 1), TrainingPosition.afterEpoch(1, 10));

        assertThat(ResumePoint.find(store, JOB, epoch, 1, JSON))
                .contains(new ResumePoint(epoch, TrainingPosition.afterEpoch(1, 10)));
    }

    @Test
    void an_epoch_checkpoint_from_before_manifests_counts_because_the_supervisors_row_names_it() throws IOException {
        String old = ArtifactLayout.epoch(JOB, 3);
        store.put(old + ArtifactLayout.ENCODER, new ByteArrayInputStream(new byte[] {1}));
        store.put(old + ArtifactLayout.META, new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(ResumePoint.find(store, JOB, old, 3, JSON))
                .contains(new ResumePoint(old, TrainingPosition.afterEpoch(3, 0)));
    }

    private String write(String prefix, TrainingPosition position) throws IOException {
        Checkpoints.write(store, prefix, new CheckpointContents(Map.of(ArtifactLayout.ENCODER_BLOCK, block),
                new byte[] {7}, null, Map.of(), Map.of("epoch", position.epochsDone())), position, JSON);
        return prefix;
    }
}
