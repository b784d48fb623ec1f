package io.pretext.training.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Textbook BPE training for comparison: recounts every pair before every merge. Slow; tests only. */
final class ReferenceBpe {

    private ReferenceBpe() {
    }

    /** The merges for {@code texts} given the alphabet {@code trained} chose. */
    static List<String> merges(List<String> texts, Tokenizer trained, int vocabSize) {
        Set<String> tokens = new HashSet<>();
        for (int id = 5; id < trained.vocabSize(); id++) {
            String token = trained.token(id);
            if (token.codePointCount(0, token.length()) == 1) {
                tokens.add(token);
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String text : texts) {
            for (PreTokenizer.Word word : PreTokenizer.words(PreTokenizer.normalize(text))) {
                if (!word.literalMarker()) {
                    counts.merge(word.marked(), 1, Integer::sum);
                }
            }
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> freqs = new ArrayList<>();
        counts.forEach((word, count) -> {
            List<String> symbols = new ArrayList<>();
            word.codePoints().forEach(cp -> symbols.add(tokens.contains(Character.toString(cp)) ? Character.toString(cp) : null));
            words.add(symbols);
            freqs.add(count);
        });
        List<String> merges = new ArrayList<>();
        int vocab = 5 + tokens.size();
        while (vocab < vocabSize) {
            Map<List<String>, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i) != null && s.get(i + 1) != null) {
                        pairs.merge(List.of(s.get(i), s.get(i + 1)), (long) freqs.get(w), Long::sum);
                    }
                }
            }
            List<String> best = null;
            long bestCount = 1;
            for (Map.Entry<List<String>, Long> e : pairs.entrySet()) {
                List<String> pair = e.getKey();
                int order = best == null ? -1 : pair.get(0).equals(best.get(0))
                        ? pair.get(1).compareTo(best.get(1)) : pair.get(0).compareTo(best.get(0));
                if (e.getValue() > bestCount || e.getValue() == bestCount && best != null && order < 0) {
                    best = pair;
                    bestCount = e.getValue();
                }
            }
            if (best == null) {
                break;
            }
            String merged = best.get(0) + best.get(1);
            if (tokens.add(merged)) {
                vocab++;
            }
            merges.add(best.get(0) + " " + best.get(1));
            for (List<String> s : words) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (best.get(0).equals(s.get(i)) && best.get(1).equals(s.get(i + 1))) {
                        s.set(i, merged);
                        s.remove(i + 1);
                    }
                }
            }
        }
        return merges;
    }
}
