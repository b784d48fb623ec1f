package io.pretext.dataset.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@code text-csv}: UTF-8 CSV after RFC 4180 (quoted fields may hold commas, quotes and line
 * breaks) under a header {@code text} or {@code text,label} (case-insensitive, trimmed). Every row has
 * the header's field count and a non-empty text, and a non-empty label when there is a label column.
 * Blank lines are skipped. Errors name the line a record starts on ({@code line 12}).
 */
public final class TextCsvParser implements DatasetParser {

    /** RFC 4180, keeping blank lines as records so that line numbers can be counted exactly. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    /** Room for a label and the reader's look-ahead, beyond a fully quote-doubled text. */
    private static final int RECORD_OVERHEAD_CHARS = 1 << 16;

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        int maxTextBytes = upload.limits().maxTextBytes();
        long maxRecordChars = 2L * maxTextBytes + RECORD_OVERHEAD_CHARS;
        try (StrictUtf8Reader reader = new StrictUtf8Reader(Files.newInputStream(upload.file()));
                CSVParser parser = FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            long line = 1;
            reader.budget(maxRecordChars, "line 1", "record longer than " + maxRecordChars + " characters");
            CSVRecord header = next(records, line);
            if (header == null) {
                throw new InvalidDatasetException(upload.fileName(), "no records");
            }
            int columns = checkHeader(header);
            line += 1 + lineBreaks(header);
            boolean started = false;
            while (true) {
                String entry = "line " + line;
                reader.budget(maxRecordChars, entry, "record longer than " + maxRecordChars + " characters");
                CSVRecord record = next(records, line);
                if (record == null) {
                    break;
                }
                line += 1 + lineBreaks(record);
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (record.size() != columns) {
                    throw new InvalidDatasetException(entry, record.size() + " fields, expected " + columns);
                }
                String text = record.get(0);
                if (text.isEmpty()) {
                    throw new InvalidDatasetException(entry, "empty text");
                }
                long bytes = StrictUtf8Reader.utf8Length(text);
                if (bytes > maxTextBytes) {
                    throw new InvalidDatasetException(entry, "text is " + bytes + " bytes, limit " + maxTextBytes);
                }
                String label = columns == 2 ? RecordLabel.checked(record.get(1), entry) : null;
                if (!started) {
                    sink.startText();
                    started = true;
                }
                sink.addText(text, label);
            }
            if (!started) {
                throw new InvalidDatasetException(upload.fileName(), "no records");
            }
        }
    }

    /** The next record, or null at the end; malformed CSV is bad content, other failures are I/O. */
    private static CSVRecord next(Iterator<CSVRecord> records, long line) throws IOException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException malformed) {
                throw new InvalidDatasetException("line " + line, "malformed CSV: " + malformed.getMessage());
            }
            throw e.getCause();
        }
    }

    private static int checkHeader(CSVRecord header) {
        List<String> names = header.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).toList();
        if (names.equals(List.of("text"))) {
            return 1;
        }
        if (names.equals(List.of("text", "label"))) {
            return 2;
        }
        throw new InvalidDatasetException("line 1", "header must be \"text\" or \"text,label\"");
    }

    /** Line breaks inside quoted fields, counted as the reader counts them (CRLF, LF or lone CR). */
    private static long lineBreaks(CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || (c == '\n' && (i == 0 || value.charAt(i - 1) != '\r'))) {
                    breaks++;
                }
            }
        }
        return breaks;
    }
}
