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
 */
public record Upload(Path file, String fileName, Path labels, String labelsName, List<String> classNames,
        Integer imageSize, String split, IngestLimits limits) {
}
