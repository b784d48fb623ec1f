package io.pretext.training.text;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-pair-encoding subword tokenizer with a SentencePiece-style word boundary marker
 * ("▁", U+2581), trained on a corpus by {@link #train}.
 *
 * <p>Text is {@linkplain #normalize normalised} (NFKC, lower case, whitespace runs to one space,
 * trimmed), split into words (a run of letters/digits, or one other character; a word after a space
 * or at the start gets the marker), and each word is encoded by applying the learnt merges lowest
 * rank first. A character outside the vocabulary's alphabet becomes one {@link #UNK}; so does a
 * literal U+2581 in the text. {@code decode(encode(t))} equals {@code normalize(t)} whenever every
 * character of {@code normalize(t)} is in the alphabet.
 *
 * <p>Ids 0..4 are the specials {@link #PAD}, {@link #UNK}, {@link #CLS}, {@link #SEP}, {@link #MASK};
 * learnt tokens start at 5; {@link #vocabSize()} counts the specials.
 *
 * <p>Instances are immutable and thread-safe ({@link #encode} may be called from many threads; its
 * bounded word cache is synchronised). No method accepts or returns null.
 */
public final class Tokenizer {

    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int CLS = 2;
    public static final int SEP = 3;
    public static final int MASK = 4;
    static final List<String> SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    /** What {@link #decode} writes for {@link #UNK}: one replacement character per unknown character. */
    public static final String UNKNOWN_TEXT = "\uFFFD";

    private static final int CACHE_WORDS = 100_000;
    private static final int CACHE_MAX_WORD_LENGTH = 100;

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> merges;
    private final Map<Long, Integer> ranks = new HashMap<>();
    private final long[] mergePairs;
    private final int[] mergeResults;
    private final int markerId;
    private final Map<String, int[]> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
                    return size() > CACHE_WORDS;
                }
            });

    /**
     * @param vocab tokens in id order, the five specials first
     * @param merges "left right" pairs in rank order; both sides and their concatenation in vocab
     * @throws IllegalArgumentException if the two do not form a consistent tokenizer
     */
    Tokenizer(List<String> vocab, List<String> merges) {
        this.tokens = List.copyOf(vocab);
        this.merges = List.copyOf(merges);
        if (tokens.size() <= SPECIAL_TOKENS.size() || !tokens.subList(0, SPECIAL_TOKENS.size()).equals(SPECIAL_TOKENS)) {
            throw new IllegalArgumentException("vocab must start with " + SPECIAL_TOKENS + " and hold more tokens");
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.isEmpty() || token.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("vocab token " + i + " is empty or holds a space: '" + token + "'");
            }
            if (ids.putIfAbsent(token, i) != null) {
                throw new IllegalArgumentException("vocab token " + i + " repeats '" + token + "'");
            }
        }
        markerId = id(PreTokenizer.MARKER);
        if (markerId < 0) {
            throw new IllegalArgumentException("vocab lacks the word boundary marker U+2581");
        }
        mergePairs = new long[this.merges.size()];
        mergeResults = new int[this.merges.size()];
        for (int rank = 0; rank < mergeResults.length; rank++) {
            String merge = this.merges.get(rank);
            String[] sides = merge.split(" ", -1);
            int left = sides.length == 2 ? id(sides[0]) : -1;
            int right = sides.length == 2 ? id(sides[1]) : -1;
            int merged = sides.length == 2 ? id(sides[0] + sides[1]) : -1;
            if (left < SPECIAL_TOKENS.size() || right < SPECIAL_TOKENS.size() || merged < SPECIAL_TOKENS.size()) {
                throw new IllegalArgumentException("merge " + rank + " '" + merge
                        + "' is not two vocab tokens whose concatenation is in the vocab");
            }
            mergePairs[rank] = pairKey(left, right);
            ranks.putIfAbsent(mergePairs[rank], rank);
            mergeResults[rank] = merged;
        }
    }

    /**
     * Trains a tokenizer on {@code texts} with at most {@code vocabSize} tokens (specials included).
     * Deterministic: the same multiset of texts in any order gives the same tokenizer.
     *
     * @throws IllegalArgumentException if {@code vocabSize} is below 6
     */
    public static Tokenizer train(List<String> texts, int vocabSize) {
        return BpeTrainer.train(texts, vocabSize);
    }

    /** NFKC, lower case ({@code Locale.ROOT}), every run of whitespace one space, trimmed. */
    public static String normalize(String text) {
        return PreTokenizer.normalize(text);
    }

    /** The number of tokens, specials included; ids run from 0 to {@code vocabSize() - 1}. */
    public int vocabSize() {
        return tokens.size();
    }

    /** The ids of the normalised text, no specials added except {@link #UNK}; empty for blank text. */
    public int[] encode(String text) {
        String normalized = normalize(text);
        List<PreTokenizer.Word> words = PreTokenizer.words(normalized);
        int[] out = new int[normalized.length() + words.size()];
        int n = 0;
        for (PreTokenizer.Word word : words) {
            int[] piece = encodeWord(word);
            System.arraycopy(piece, 0, out, n, piece.length);
            n += piece.length;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The text of {@code ids}: pieces concatenated, markers turned into spaces, the leading space
     * dropped. PAD, CLS, SEP and MASK are skipped; UNK decodes as {@link #UNKNOWN_TEXT}.
     *
     * @throws IllegalArgumentException if an id is outside the vocabulary
     */
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            checkId(id);
            if (id == UNK) {
                text.append(UNKNOWN_TEXT);
            } else if (!isSpecial(id)) {
                text.append(tokens.get(id).replace('\u2581', ' '));
            }
        }
        if (!text.isEmpty() && text.charAt(0) == ' ') {
            text.deleteCharAt(0);
        }
        return text.toString();
    }

    /** The token string of {@code id} (specials as "[PAD]" etc.). @throws IllegalArgumentException if out of range */
    public String token(int id) {
        checkId(id);
        return tokens.get(id);
    }

    /** The id of {@code token}, or -1 if it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    /** Whether {@code id} is one of PAD, UNK, CLS, SEP, MASK. */
    public boolean isSpecial(int id) {
        return id >= 0 && id < SPECIAL_TOKENS.size();
    }

    /**
     * UTF-8 JSON: {"type":"bpe","version":1,"normalization":"nfkc-lower","vocab":[tokens in id
     * order],"merges":["left right", ... in rank order]}. Equal tokenizers give equal bytes.
     */
    public byte[] toBytes() {
        return TokenizerJson.write(tokens, merges);
    }

    /**
     * The tokenizer {@link #toBytes} wrote; it encodes exactly as the original.
     *
     * @throws IllegalArgumentException if the bytes are not such JSON (the message says what is wrong)
     */
    public static Tokenizer fromBytes(byte[] bytes) {
        return TokenizerJson.read(bytes);
    }

    private int[] encodeWord(PreTokenizer.Word word) {
        if (word.literalMarker()) {
            return word.spaced() ? new int[] {markerId, UNK} : new int[] {UNK};
        }
        String key = word.marked();
        int[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        int[] s = key.codePoints().map(cp -> ids.getOrDefault(Character.toString(cp), UNK)).toArray();
        int len = s.length;
        while (len > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < len; i++) {
                Integer rank = ranks.get(pairKey(s[i], s[i + 1]));
                if (rank != null && rank < best) {
                    best = rank;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            long pair = mergePairs[best];
            len = BpeTrainer.rewrite(s, len, (int) (pair >>> 32), (int) pair, mergeResults[best]);
        }
        int[] encoded = Arrays.copyOf(s, len);
        if (key.length() <= CACHE_MAX_WORD_LENGTH) {
            cache.put(key, encoded);
        }
        return encoded;
    }

    /** The merges in rank order, as "left right" (for tests). */
    List<String> merges() {
        return merges;
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside 0.." + (tokens.size() - 1));
        }
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | right;
    }
}
