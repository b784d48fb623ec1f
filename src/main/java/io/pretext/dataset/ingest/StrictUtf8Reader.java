package io.pretext.dataset.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly for the text parsers. Bad bytes fail as an {@link InvalidDatasetException}
 * naming the physical line they are on (lines end at LF, CRLF or a lone CR, as {@code readLine} and
 * Commons CSV count them). A leading byte order mark is dropped. A char budget bounds how much one
 * record may pull through, so a single huge line cannot exhaust memory. Not thread-safe.
 */
final class StrictUtf8Reader extends Reader {

    private static final int BUFFER = 8192;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
    private boolean eof;
    private boolean flushed;
    private boolean started;
    private long lineBreaks;
    private boolean afterCr;
    private long budget = Long.MAX_VALUE;
    private String budgetEntry;
    private String budgetProblem;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    /**
     * From now on at most {@code maxChars} more chars may be read before failing with
     * {@code entry: problem}.
     */
    void budget(long maxChars, String entry, String problem) {
        budget = maxChars;
        budgetEntry = entry;
        budgetProblem = problem;
    }

    @Override
    public int read(char[] target, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(target, off, n);
        budget -= n;
        if (budget < 0) {
            throw new InvalidDatasetException(budgetEntry, budgetProblem);
        }
        countLineBreaks(CharBuffer.wrap(target, off, n));
        return n;
    }

    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        chars.clear();
        try {
            while (chars.position() == 0) {
                CoderResult result = decoder.decode(bytes, chars, eof);
                if (result.isError()) {
                    countLineBreaks(chars.flip());
                    throw new InvalidDatasetException("line " + (lineBreaks + 1), "invalid UTF-8");
                }
                if (result.isUnderflow()) {
                    if (eof) {
                        decoder.flush(chars);
                        flushed = true;
                        break;
                    }
                    readBytes();
                }
            }
        } finally {
            chars.flip();
        }
        if (!started && chars.hasRemaining()) {
            started = true;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
                return chars.hasRemaining() || fill();
            }
        }
        return chars.hasRemaining();
    }

    private void readBytes() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void countLineBreaks(CharBuffer text) {
        while (text.hasRemaining()) {
            char c = text.get();
            if (c == '\r' || (c == '\n' && !afterCr)) {
                lineBreaks++;
            }
            afterCr = c == '\r';
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The UTF-8 size of {@code text}, or -1 when it holds a lone surrogate (possible via JSON escapes). */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return -1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
