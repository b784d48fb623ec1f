package io.pretext.dataset.ingest;

import tools.jackson.databind.JsonNode;

/** The optional label of a record (a JSON-lines object, a CSV row), as the text and caption formats read it. */
final class RecordLabel {

    private RecordLabel() {
    }

    /**
     * @return the label as text (a number as its digits), or null when the record has none
     * @throws InvalidDatasetException naming {@code entry} when it is not a string or number, blank,
     *     or holds an unpaired surrogate escape
     */
    static String of(JsonNode record, String entry) {
        JsonNode node = record.get("label");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() && !node.isNumber()) {
            throw new InvalidDatasetException(entry, "\"label\" must be a string or a number");
        }
        return checked(node.asString(), entry);
    }

    /**
     * @return {@code label}
     * @throws InvalidDatasetException naming {@code entry} when it is blank or holds an unpaired
     *     surrogate escape
     */
    static String checked(String label, String entry) {
        if (label.isBlank()) {
            throw new InvalidDatasetException(entry, "\"label\" is empty");
        }
        if (StrictUtf8Reader.utf8Length(label) < 0) {
            throw new InvalidDatasetException(entry, "\"label\" holds an unpaired surrogate escape");
        }
        return label;
    }
}
