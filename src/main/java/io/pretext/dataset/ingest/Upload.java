package io.pretext.dataset.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * An upload on local disk, ready to parse. Immutable.
 *
 * @param file the main file, never null
 * @param fileName the name the client gave it (for messages), never null
 * @param labels the labels file (IDX only), or null
 * @param labelsName the name the client gave the labels file, or null
 * @param classNames optional class names for numerically labelled formats (IDX), may be empty
 * @param imageSize resize images to this square side at ingest, or null to keep sizes
 * @param split which part of a CIFAR archive to take: {@code train} or {@code test}
 * @param limits bounds against hostile input
 * @param audio the canonical rate and clip length of an audio upload, never null (defaults otherwise)
 */
public record Upload(Path file, String fileName, Path labels, String labelsName, List<String> classNames,
        Integer imageSize, String split, IngestLimits limits, AudioClips audio) {

    /** An upload with the default audio settings (16 kHz, 1 s clips). */
    public Upload(Path file, String fileName, Path labels, String labelsName, List<String> classNames,
            Integer imageSize, String split, IngestLimits limits) {
        this(file, fileName, labels, labelsName, classNames, imageSize, split, limits, AudioClips.defaults());
    }
}
