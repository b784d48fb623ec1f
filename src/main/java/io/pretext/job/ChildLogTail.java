package io.pretext.job;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a child's log file, read from its end (the file may be large). Stateless. */
final class ChildLogTail {

    /** Lines kept: enough for a stack trace and the lines before it. */
    static final int MAX_LINES = 100;
    /** Bytes read from the end at most, so that one huge line cannot make the tail huge. */
    static final int MAX_BYTES = 16 * 1024;

    private ChildLogTail() {
    }

    /** The last {@link #MAX_LINES} whole lines of {@code file} (within its last {@link #MAX_BYTES}); empty if none. */
    static List<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\r?\n", -1));
            if (size < length) {
                lines = lines.subList(1, lines.size()); // the first line was cut by the byte window
            }
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1); // the file's last line ending
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
        }
    }
}
