package io.pretext.training.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Byte-pair-encoding training (one run per instance, not thread-safe; {@link Tokenizer#train} is
 * the entry point). Merges are found incrementally: pair counts and the words holding each pair
 * are updated only for the words a merge touches, and a priority queue ordered by (count desc,
 * left token, right token) hands out the next merge, entries whose count went stale being skipped.
 * Every choice depends only on counts and token strings, so the result does not depend on the order
 * of the texts or on hash iteration order.
 */
final class BpeTrainer {

    private final int vocabSize;
    private final List<String> tokens = new ArrayList<>(Tokenizer.SPECIAL_TOKENS);
    private final Map<String, Integer> tokenIds = new HashMap<>();
    private final List<String> merges = new ArrayList<>();

    private int[][] symbols;
    private int[] lengths;
    private int[] freqs;
    private int[] wordStamp;

    private final Map<Long, Integer> pairIndex = new HashMap<>();
    private int pairs;
    private int[] pairLeft = new int[1024];
    private int[] pairRight = new int[1024];
    private long[] pairCount = new long[1024];
    private int[][] pairWords = new int[1024][];
    private int[] pairWordCount = new int[1024];
    private long[] delta = new long[1024];
    private int[] deltaStamp = new int[1024];

    private record Entry(long count, int pair) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>(Comparator
            .<Entry>comparingLong(Entry::count).reversed()
            .thenComparing(e -> tokens.get(pairLeft[e.pair()]))
            .thenComparing(e -> tokens.get(pairRight[e.pair()])));

    private BpeTrainer(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    static Tokenizer train(List<String> texts, int vocabSize) {
        if (vocabSize < Tokenizer.SPECIAL_TOKENS.size() + 1) {
            throw new IllegalArgumentException("vocabSize must be at least "
                    + (Tokenizer.SPECIAL_TOKENS.size() + 1) + " (specials + marker), got " + vocabSize);
        }
        BpeTrainer trainer = new BpeTrainer(vocabSize);
        trainer.run(texts);
        return new Tokenizer(trainer.tokens, trainer.merges);
    }

    private void run(List<String> texts) {
        TreeMap<String, Integer> wordCounts = new TreeMap<>();
        for (String text : texts) {
            for (PreTokenizer.Word word : PreTokenizer.words(PreTokenizer.normalize(text))) {
                if (!word.literalMarker()) {
                    wordCounts.merge(word.marked(), 1, Integer::sum);
                }
            }
        }
        addAlphabet(wordCounts);
        int n = wordCounts.size();
        symbols = new int[n][];
        lengths = new int[n];
        freqs = new int[n];
        wordStamp = new int[n];
        int w = 0;
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            symbols[w] = e.getKey().codePoints()
                    .map(cp -> tokenIds.getOrDefault(Character.toString(cp), -1)).toArray();
            lengths[w] = symbols[w].length;
            freqs[w] = e.getValue();
            for (int i = 0; i + 1 < lengths[w]; i++) {
                int p = pairOf(symbols[w][i], symbols[w][i + 1]);
                if (p >= 0) {
                    pairCount[p] += freqs[w];
                    addWord(p, w);
                }
            }
            w++;
        }
        for (int p = 0; p < pairs; p++) {
            if (pairCount[p] >= 2) {
                queue.add(new Entry(pairCount[p], p));
            }
        }
        int stamp = 0;
        while (tokens.size() < vocabSize && !queue.isEmpty()) {
            Entry best = queue.poll();
            if (best.count() != pairCount[best.pair()]) {
                continue; // stale
            }
            merge(best.pair(), ++stamp);
        }
    }

    /** The marker, then the most frequent characters seen at least twice, capped at half the vocabulary. */
    private void addAlphabet(Map<String, Integer> wordCounts) {
        Map<Integer, Long> charCounts = new HashMap<>();
        wordCounts.forEach((word, count) -> word.codePoints()
                .forEach(cp -> charCounts.merge(cp, (long) count, Long::sum)));
        charCounts.remove(PreTokenizer.MARKER_CODE_POINT);
        int cap = Math.min(vocabSize / 2, vocabSize - Tokenizer.SPECIAL_TOKENS.size()) - 1;
        int[] chosen = charCounts.entrySet().stream()
                .filter(e -> e.getValue() >= 2)
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(cap, 0))
                .mapToInt(Map.Entry::getKey).sorted().toArray();
        addToken(PreTokenizer.MARKER);
        for (int cp : chosen) {
            addToken(Character.toString(cp));
        }
    }

    private int addToken(String token) {
        tokens.add(token);
        tokenIds.put(token, tokens.size() - 1);
        return tokens.size() - 1;
    }

    /** Merges pair {@code p} in every word holding it and updates the counts of the pairs around it. */
    private void merge(int p, int stamp) {
        int a = pairLeft[p];
        int b = pairRight[p];
        String merged = tokens.get(a) + tokens.get(b);
        Integer existing = tokenIds.get(merged);
        int c = existing != null ? existing : addToken(merged);
        merges.add(tokens.get(a) + " " + tokens.get(b));
        int[] touched = new int[16];
        int touchedCount = 0;
        int[] holders = pairWords[p];
        int holderCount = pairWordCount[p];
        for (int h = 0; h < holderCount; h++) {
            int w = holders[h];
            if (wordStamp[w] == stamp || !contains(w, a, b)) {
                continue;
            }
            wordStamp[w] = stamp;
            int[] s = symbols[w];
            int len = lengths[w];
            for (int pass = 0; pass < 2; pass++) {
                long sign = pass == 0 ? -freqs[w] : freqs[w];
                for (int i = 0; i + 1 < len; i++) {
                    int q = pairOf(s[i], s[i + 1]);
                    if (q < 0) {
                        continue;
                    }
                    if (deltaStamp[q] != stamp) {
                        deltaStamp[q] = stamp;
                        delta[q] = 0;
                        if (touchedCount == touched.length) {
                            touched = Arrays.copyOf(touched, touchedCount * 2);
                        }
                        touched[touchedCount++] = q;
                    }
                    delta[q] += sign;
                    if (pass == 1 && (s[i] == c || s[i + 1] == c)) {
                        addWord(q, w);
                    }
                }
                if (pass == 0) {
                    len = rewrite(s, len, a, b, c);
                    lengths[w] = len;
                }
            }
        }
        pairWords[p] = new int[0]; // every holder is merged now
        pairWordCount[p] = 0;
        for (int t = 0; t < touchedCount; t++) {
            int q = touched[t];
            if (delta[q] != 0) {
                pairCount[q] += delta[q];
                if (pairCount[q] >= 2) {
                    queue.add(new Entry(pairCount[q], q));
                }
            }
        }
    }

    private boolean contains(int w, int a, int b) {
        int[] s = symbols[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            if (s[i] == a && s[i + 1] == b) {
                return true;
            }
        }
        return false;
    }

    /** Replaces each (a, b), left to right and non-overlapping, by c; returns the new length. */
    static int rewrite(int[] s, int len, int a, int b, int c) {
        int j = 0;
        for (int i = 0; i < len; ) {
            if (i + 1 < len && s[i] == a && s[i + 1] == b) {
                s[j++] = c;
                i += 2;
            } else {
                s[j++] = s[i++];
            }
        }
        return j;
    }

    /** The index of pair (left, right), created on first sight; -1 if either side is unknown. */
    private int pairOf(int left, int right) {
        if (left < 0 || right < 0) {
            return -1;
        }
        Integer known = pairIndex.putIfAbsent(((long) left << 32) | right, pairs);
        if (known != null) {
            return known;
        }
        if (pairs == pairLeft.length) {
            int size = pairs * 2;
            pairLeft = Arrays.copyOf(pairLeft, size);
            pairRight = Arrays.copyOf(pairRight, size);
            pairCount = Arrays.copyOf(pairCount, size);
            pairWords = Arrays.copyOf(pairWords, size);
            pairWordCount = Arrays.copyOf(pairWordCount, size);
            delta = Arrays.copyOf(delta, size);
            deltaStamp = Arrays.copyOf(deltaStamp, size);
        }
        pairLeft[pairs] = left;
        pairRight[pairs] = right;
        pairWords[pairs] = new int[4];
        return pairs++;
    }

    /** Records that word w holds pair p (skipping the repeat when w was the last one added). */
    private void addWord(int p, int w) {
        int n = pairWordCount[p];
        if (n > 0 && pairWords[p][n - 1] == w) {
            return;
        }
        if (n == pairWords[p].length) {
            pairWords[p] = Arrays.copyOf(pairWords[p], Math.max(4, n * 2));
        }
        pairWords[p][n] = w;
        pairWordCount[p] = n + 1;
    }
}
