package io.pretext.dataset.ingest;

import java.io.IOException;
import java.util.List;

/**
 * Where a format parser puts the samples it decodes, in upload order. The sink turns them into the
 * canonical sharded form and hashes that. A parser calls exactly one {@code start...} method first.
 * Not thread-safe: one parser, one thread.
 */
public interface SampleSink {

    /** Label of a sample that has none. */
    int UNLABELED = -1;

    /**
     * Images of one shape follow.
     *
     * @param classes class names in label-index order; empty for an unlabeled dataset
     */
    void startImages(int channels, int height, int width, List<String> classes) throws IOException;

    /**
     * One image as uint8 in CHW order ({@code channels * height * width} bytes).
     *
     * @param label index into the declared classes, or {@link #UNLABELED}
     */
    void addImage(byte[] chw, int label) throws IOException;

    /**
     * A caption of an image added before ({@code image-text-zip}); called after the last
     * {@link #addImage}, in image order and, for one image, in the upload's order.
     *
     * @param image the image's index (0-based, in the order images were added)
     * @param text the caption, non-empty
     */
    void addCaption(int image, String text) throws IOException;

    /** Text records follow; class names are collected from their labels. */
    void startText() throws IOException;

    /**
     * One text record.
     *
     * @param label the record's label, or null when the dataset is unlabeled
     */
    void addText(String text, String label) throws IOException;

    /**
     * Audio clips of one rate and length follow.
     *
     * @param sampleRate samples per second of every clip
     * @param clipSamples samples per clip
     * @param classes class names in label-index order; empty for an unlabeled dataset
     */
    void startAudio(int sampleRate, int clipSamples, List<String> classes) throws IOException;

    /**
     * One mono clip as signed 16-bit PCM ({@code clipSamples} samples).
     *
     * @param label index into the declared classes, or {@link #UNLABELED}
     */
    void addAudio(short[] pcm, int label) throws IOException;
}
