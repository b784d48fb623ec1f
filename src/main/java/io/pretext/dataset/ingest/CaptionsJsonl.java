package io.pretext.dataset.ingest;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code captions.jsonl} of an {@code image-text-zip}: UTF-8, one JSON object per line,
 * {@code {"file": "<image path>", "text": "...", "label": "..."}}. {@code file} names an image of the
 * zip relative to the folder holding {@code captions.jsonl}; {@code text} is 1 to
 * {@value #MAX_CAPTION_CHARS} characters; an image may have several captions. {@code label} (a
 * string or number; {@code null} is absent) belongs to the image: it may be given on any of its
 * lines, must not disagree between them, and is given for every image or for none. Blank lines are
 * skipped. Errors name {@code captions.jsonl line N} or the image entry at fault. Immutable result.
 *
 * @param captions every caption, ordered by image index, then by line
 * @param classes the distinct labels in name order; empty when unlabeled
 * @param labels label index per image, or {@link SampleSink#UNLABELED}
 */
record CaptionsJsonl(List<Caption> captions, List<String> classes, int[] labels) {

    /** The longest caption accepted, in characters (Unicode code points): a paragraph, not a document. */
    static final int MAX_CAPTION_CHARS = 2_000;
    /** The most captions one upload may hold. */
    static final int MAX_CAPTIONS = 1_000_000;
    /** The most distinct labels, as for text datasets. */
    static final int MAX_CLASSES = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One caption of image {@code image} (0-based, in the upload's image order). */
    record Caption(int image, String text) {
    }

    /**
     * @param bytes the file's content
     * @param name the entry's path in the zip, for messages
     * @param imageIndex the images' paths relative to the folder of the captions file, mapped to
     *     their image index
     * @param imageEntries the images' full entry names, in image-index order (for messages)
     * @throws InvalidDatasetException naming the line or image at fault
     */
    static CaptionsJsonl parse(byte[] bytes, String name, Map<String, Integer> imageIndex, List<String> imageEntries)
            throws IOException {
        int n = imageEntries.size();
        String[] labelNames = new String[n];
        int[] labelLines = new int[n];
        int[] captionCounts = new int[n];
        List<Caption> captions = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StrictUtf8Reader(new ByteArrayInputStream(bytes)))) {
            int lineNumber = 0;
            for (String line = readLine(lines, name); line != null; line = readLine(lines, name)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String entry = name + " line " + lineNumber;
                JsonNode record = object(line, entry);
                String file = string(record, "file", entry);
                String text = string(record, "text", entry);
                Integer image = imageIndex.get(file);
                if (image == null) {
                    throw new InvalidDatasetException(entry, "\"file\" names '" + file + "', which is not an image in "
                            + "the zip (paths are relative to the folder holding " + name + ")");
                }
                int length = text.codePointCount(0, text.length());
                if (length > MAX_CAPTION_CHARS) {
                    throw new InvalidDatasetException(entry, "text is " + length + " characters, limit "
                            + MAX_CAPTION_CHARS);
                }
                String label = RecordLabel.of(record, entry);
                if (label != null) {
                    if (labelNames[image] == null) {
                        labelNames[image] = label;
                        labelLines[image] = lineNumber;
                    } else if (!labelNames[image].equals(label)) {
                        throw new InvalidDatasetException(entry, "labels '" + file + "' as '" + label + "' but line "
                                + labelLines[image] + " labels it '" + labelNames[image] + "'; an image has one label");
                    }
                }
                if (captions.size() == MAX_CAPTIONS) {
                    throw new InvalidDatasetException(413, entry, "more than " + MAX_CAPTIONS + " captions");
                }
                captions.add(new Caption(image, text));
                captionCounts[image]++;
            }
        }
        if (captions.isEmpty()) {
            throw new InvalidDatasetException(name, "holds no captions");
        }
        captions.sort(Comparator.comparingInt(Caption::image));
        TreeSet<String> classes = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (captionCounts[i] == 0) {
                throw new InvalidDatasetException(imageEntries.get(i), "has no caption in " + name
                        + "; every image needs at least one");
            }
            if (labelNames[i] != null && classes.add(labelNames[i]) && classes.size() > MAX_CLASSES) {
                throw new InvalidDatasetException(name, "more than " + MAX_CLASSES + " distinct labels");
            }
        }
        return new CaptionsJsonl(List.copyOf(captions), List.copyOf(classes), labels(labelNames, classes,
                imageEntries, name));
    }

    /** A line, with an encoding error named after the file (the decoder only knows the line number). */
    private static String readLine(BufferedReader lines, String name) throws IOException {
        try {
            return lines.readLine();
        } catch (InvalidDatasetException e) {
            throw new InvalidDatasetException(e.status(), name + " " + e.field(), "invalid UTF-8");
        }
    }

    private static int[] labels(String[] labelNames, TreeSet<String> classes, List<String> imageEntries, String name) {
        int[] labels = new int[labelNames.length];
        List<String> ordered = List.copyOf(classes);
        for (int i = 0; i < labels.length; i++) {
            if (classes.isEmpty()) {
                labels[i] = SampleSink.UNLABELED;
            } else if (labelNames[i] == null) {
                throw new InvalidDatasetException(imageEntries.get(i), "has no label in " + name
                        + ", but other images do; label every image or none");
            } else {
                labels[i] = Collections.binarySearch(ordered, labelNames[i]);
            }
        }
        return labels;
    }

    private static JsonNode object(String line, String entry) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new InvalidDatasetException(entry, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidDatasetException(entry, "not a JSON object");
        }
        return node;
    }

    private static String string(JsonNode record, String field, String entry) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidDatasetException(entry, "\"" + field + "\" is missing");
        }
        if (!node.isString()) {
            throw new InvalidDatasetException(entry, "\"" + field + "\" must be a string");
        }
        String value = node.asString();
        if (value.isBlank()) {
            throw new InvalidDatasetException(entry, "\"" + field + "\" is empty");
        }
        if (StrictUtf8Reader.utf8Length(value) < 0) {
            throw new InvalidDatasetException(entry, "\"" + field + "\" holds an unpaired surrogate escape");
        }
        return value;
    }
}
