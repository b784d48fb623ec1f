package io.pretext.training.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pretext.training.eval.SparseVector;

/**
 * TF-IDF features of word n-grams and character n-grams within words (the text {@code pixels}
 * floor's input, as in scikit-learn's {@code TfidfVectorizer} with {@code sublinear_tf} and a word
 * plus a {@code char_wb} analyzer). Text is NFKC-normalised and lower-cased; words are runs of
 * letters and digits; a character n-gram is taken from a word padded with one space on each side.
 * The vocabulary is the {@code maxFeatures} terms in the most training documents (ties by the
 * term's text, so fitting is deterministic). A term's weight in a document is
 * {@code (1 + ln tf) · idf} with {@code idf = ln((1 + n) / (1 + df)) + 1} over the {@code n}
 * training documents, and each row is scaled to unit L2 norm (a document with no known term is all
 * zeros). Immutable and thread-safe once fitted.
 */
public final class TfIdfVectorizer {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    /**
     * Which n-grams make the terms, and how many terms to keep. A range whose {@code max} is 0 is
     * left out.
     *
     * @param minWordN shortest word n-gram (in words), at least 1 when words are used
     * @param maxWordN longest word n-gram, or 0 for no word terms
     * @param minCharN shortest character n-gram, at least 1 when characters are used
     * @param maxCharN longest character n-gram, or 0 for no character terms
     * @param maxFeatures the vocabulary's size cap, at least 1
     */
    public record Settings(int minWordN, int maxWordN, int minCharN, int maxCharN, int maxFeatures) {

        /** Word unigrams and bigrams, character 3- to 5-grams, at most 50,000 terms. */
        public static final Settings DEFAULT = new Settings(1, 2, 3, 5, 50_000);

        public Settings {
            if ((maxWordN > 0 && (minWordN < 1 || minWordN > maxWordN))
                    || (maxCharN > 0 && (minCharN < 1 || minCharN > maxCharN)) || maxFeatures < 1
                    || maxWordN < 0 || maxCharN < 0 || (maxWordN == 0 && maxCharN == 0)) {
                throw new IllegalArgumentException("bad TF-IDF settings " + this);
            }
        }
    }

    private final Settings settings;
    private final Map<String, Integer> vocabulary;
    private final float[] idf;

    private TfIdfVectorizer(Settings settings, Map<String, Integer> vocabulary, float[] idf) {
        this.settings = settings;
        this.vocabulary = vocabulary;
        this.idf = idf;
    }

    /** Learns the vocabulary and document frequencies from {@code documents} (the training texts). */
    public static TfIdfVectorizer fit(List<String> documents, Settings settings) {
        Map<String, Integer> df = new HashMap<>();
        for (String document : documents) {
            for (String term : new HashSet<>(terms(document, settings))) {
                df.merge(term, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>(df.entrySet());
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        kept = kept.subList(0, Math.min(settings.maxFeatures(), kept.size()));
        Map<String, Integer> vocabulary = new HashMap<>();
        float[] idf = new float[kept.size()];
        int n = documents.size();
        for (int i = 0; i < kept.size(); i++) {
            vocabulary.put(kept.get(i).getKey(), i);
            idf[i] = (float) (Math.log((1.0 + n) / (1.0 + kept.get(i).getValue())) + 1);
        }
        return new TfIdfVectorizer(settings, vocabulary, idf);
    }

    /** The number of features (the vocabulary's size). */
    public int dimension() {
        return idf.length;
    }

    /** The feature index of {@code term} (as {@link #terms} spells it), or -1 when not in the vocabulary. */
    public int index(String term) {
        return vocabulary.getOrDefault(term, -1);
    }

    /** The L2-normalised TF-IDF row of one document. */
    public SparseVector transform(String document) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String term : terms(document, settings)) {
            Integer index = vocabulary.get(term);
            if (index != null) {
                counts.merge(index, 1, Integer::sum);
            }
        }
        int[] indices = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        float[] values = new float[indices.length];
        double norm = 0;
        for (int j = 0; j < indices.length; j++) {
            double weight = (1 + Math.log(counts.get(indices[j]))) * idf[indices[j]];
            values[j] = (float) weight;
            norm += weight * weight;
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < values.length; j++) {
                values[j] *= scale;
            }
        }
        return new SparseVector(indices, values);
    }

    /**
     * Every term occurrence of a document, in order: word n-grams as {@code "w:" + words joined by
     * one space}, character n-grams as {@code "c:" + characters} (the prefixes keep a word and an
     * equal character n-gram apart).
     */
    public static List<String> terms(String document, Settings settings) {
        String text = Normalizer.normalize(document, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        List<String> terms = new ArrayList<>();
        for (int n = settings.minWordN(); settings.maxWordN() > 0 && n <= settings.maxWordN(); n++) {
            for (int i = 0; i + n <= words.size(); i++) {
                terms.add("w:" + String.join(" ", words.subList(i, i + n)));
            }
        }
        for (String word : settings.maxCharN() > 0 ? words : List.<String>of()) {
            String padded = " " + word + " ";
            int[] points = padded.codePoints().toArray();
            for (int n = settings.minCharN(); n <= settings.maxCharN(); n++) {
                for (int i = 0; i + n <= points.length; i++) {
                    terms.add("c:" + new String(points, i, n));
                }
            }
        }
        return terms;
    }

    /** The vocabulary's terms in feature order (for reports and tests). */
    public List<String> vocabulary() {
        String[] terms = new String[idf.length];
        vocabulary.forEach((term, index) -> terms[index] = term);
        return Arrays.asList(terms);
    }
}
