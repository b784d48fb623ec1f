package io.pretext.training.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalisation and the split of normalised text into words, shared by training and encoding so
 * both see exactly the same words. Stateless and thread-safe; arguments must not be null.
 */
final class PreTokenizer {

    /** The word boundary marker (U+2581): a piece starting with it decodes with a space before it. */
    static final String MARKER = "\u2581";
    static final int MARKER_CODE_POINT = 0x2581;

    /**
     * A word of normalised text: {@code body} is a maximal run of letters/digits or one other
     * non-space character; {@code spaced} says whether a space (or the start of the text) precedes
     * it, i.e. whether its first piece carries {@link #MARKER}.
     */
    record Word(boolean spaced, String body) {

        /** The word as training and the cache see it: marker + body, or body. */
        String marked() {
            return spaced ? MARKER + body : body;
        }

        /** The body is a literal U+2581 typed in the text: it has no piece of its own (UNK). */
        boolean literalMarker() {
            return body.equals(MARKER);
        }
    }

    private PreTokenizer() {
    }

    /** NFKC, lower case ({@link Locale#ROOT}), each run of whitespace one space, trimmed. */
    static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** The words of already normalised text, in order. */
    static List<Word> words(String normalized) {
        List<Word> words = new ArrayList<>();
        boolean spaced = true;
        int i = 0;
        int n = normalized.length();
        while (i < n) {
            int cp = normalized.codePointAt(i);
            if (cp == ' ') {
                spaced = true;
                i++;
                continue;
            }
            int end = i + Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                while (end < n) {
                    int next = normalized.codePointAt(end);
                    if (!Character.isLetterOrDigit(next)) {
                        break;
                    }
                    end += Character.charCount(next);
                }
            }
            words.add(new Word(spaced, normalized.substring(i, end)));
            spaced = false;
            i = end;
        }
        return words;
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }
}
