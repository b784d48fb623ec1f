package io.pretext.dataset.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code text-jsonl}: UTF-8, one JSON object per line, {@code {"text": "...", "label": "..."}}.
 * {@code text} is a non-empty string; {@code label} is an optional string or number, given on every
 * record or on none ({@code null} counts as absent). Blank lines are skipped. Errors name the
 * 1-based line ({@code line 7}).
 */
public final class TextJsonlParser implements DatasetParser {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Room for JSON escapes (up to 6 chars per text byte) and a label, beyond the text limit. */
    private static final int LINE_OVERHEAD_CHARS = 1 << 16;

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        int maxTextBytes = upload.limits().maxTextBytes();
        long maxLineChars = 6L * maxTextBytes + LINE_OVERHEAD_CHARS;
        try (StrictUtf8Reader decoder = new StrictUtf8Reader(Files.newInputStream(upload.file()));
                BufferedReader lines = new BufferedReader(decoder)) {
            long lineNumber = 0;
            Boolean labelled = null;
            while (true) {
                String entry = "line " + (lineNumber + 1);
                // The budget counts chars handed to the BufferedReader, which may hold one buffer ahead.
                decoder.budget(maxLineChars + 2 * 8192, entry, "longer than " + maxLineChars + " characters");
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = parseObject(line, entry);
                String text = text(record, entry, maxTextBytes);
                String label = RecordLabel.of(record, entry);
                if (labelled == null) {
                    labelled = label != null;
                    sink.startText();
                } else if (labelled != (label != null)) {
                    throw new InvalidDatasetException(entry, labelled
                            ? "has no label but earlier lines do (labels are all or none)"
                            : "has a label but earlier lines do not (labels are all or none)");
                }
                sink.addText(text, label);
            }
            if (labelled == null) {
                throw new InvalidDatasetException(upload.fileName(), "no records");
            }
        }
    }

    private static JsonNode parseObject(String line, String entry) {
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

    private static String text(JsonNode record, String entry, int maxTextBytes) {
        JsonNode node = record.get("text");
        if (node == null || !node.isString()) {
            throw new InvalidDatasetException(entry, "\"text\" must be a string");
        }
        String text = node.asString();
        if (text.isEmpty()) {
            throw new InvalidDatasetException(entry, "empty text");
        }
        long bytes = StrictUtf8Reader.utf8Length(text);
        if (bytes < 0) {
            throw new InvalidDatasetException(entry, "text holds an unpaired surrogate escape");
        }
        if (bytes > maxTextBytes) {
            throw new InvalidDatasetException(entry, "text is " + bytes + " bytes, limit " + maxTextBytes);
        }
        return text;
    }
}
