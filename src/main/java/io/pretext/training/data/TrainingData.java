package io.pretext.training.data;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.dataset.DatasetReader;

/**
 * A dataset held in memory in the form a network takes: image pixels or token ids. Immutable.
 */
public interface TrainingData {

    /** Number of samples. */
    int size();

    /** Label per sample; empty when unlabeled. */
    int[] labels();

    /** Class names in label order (empty when unlabeled). */
    List<String> classes();

    /** The dataset's content hash, for provenance. */
    String sha256();

    /**
     * The samples at {@code indices[from, to)} as a batch: {@code N x C x H x W} floats in [0, 1]
     * for images, {@code N x L} int64 token ids for text.
     */
    NDArray batch(NDManager manager, int[] indices, int from, int to);

    static TrainingData of(DatasetReader.Images images) {
        return new ImageData(images);
    }

    /** Images as {@link TrainingData}. */
    record ImageData(DatasetReader.Images images) implements TrainingData {

        @Override
        public int size() {
            return images.numSamples();
        }

        @Override
        public int[] labels() {
            return images.labels();
        }

        @Override
        public List<String> classes() {
            return images.classes();
        }

        @Override
        public String sha256() {
            return images.sha256();
        }

        @Override
        public NDArray batch(NDManager manager, int[] indices, int from, int to) {
            return ImageBatches.images(manager, images, indices, from, to);
        }
    }
}
