package io.pretext.training.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tokenizer training and encoding speed (a main, not a test). Without arguments: 50,000 synthetic
 * texts of 60 words drawn from a Zipf(1.0) distribution over 40,000 syllable words, vocabSize 8000.
 * With {@code file.jsonl [vocabSize]}: the "text" field of each line (e.g. bench/data/debian/*.jsonl).
 * Run: java -cp target/classes:target/test-classes:$(cat target/classpath.txt) io.pretext.training.text.TokenizerBenchmark
 */
public final class TokenizerBenchmark {

    private TokenizerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<String> texts = args.length > 0 ? jsonl(args) : synthetic(50_000, 60, 40_000, 7);
        int vocabSize = args.length > 1 ? Integer.parseInt(args[args.length - 1]) : 8000;
        long words = texts.stream().mapToLong(t -> PreTokenizer.words(Tokenizer.normalize(t)).size()).sum();
        System.out.printf("texts %,d, words %,d, vocabSize %d%n", texts.size(), words, vocabSize);
        Tokenizer tokenizer = null;
        for (int run = 1; run <= 2; run++) {
            long start = System.nanoTime();
            tokenizer = Tokenizer.train(texts, vocabSize);
            System.out.printf("train run %d: %.2f s (vocab %d, merges %d)%n", run,
                    (System.nanoTime() - start) / 1e9, tokenizer.vocabSize(), tokenizer.merges().size());
        }
        long start = System.nanoTime();
        long tokens = 0;
        int exact = 0;
        Tokenizer fresh = Tokenizer.fromBytes(tokenizer.toBytes()); // empty cache
        for (String text : texts) {
            int[] ids = fresh.encode(text);
            tokens += ids.length;
            if (fresh.decode(ids).equals(Tokenizer.normalize(text))) {
                exact++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("encode+decode all texts (cold cache, 1 thread): %.2f s, %,.0f texts/s, "
                + "%.3f tokens/word, exact round trip %d/%d, json %,d bytes%n", seconds, texts.size() / seconds,
                (double) tokens / words, exact, texts.size(), tokenizer.toBytes().length);
    }

    static List<String> synthetic(int texts, int wordsPerText, int vocabulary, long seed) {
        Random random = new Random(seed);
        String[] syllables = {"ka", "to", "re", "mi", "san", "lo", "ve", "qui", "der", "un", "ion", "ing", "pre",
            "st", "al", "ex", "or", "ta", "ne", "bu", "ch", "é", "ü", "zo", "ph", "ly", "ma", "ri", "co", "nt"};
        String[] lexicon = new String[vocabulary];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < vocabulary; i++) {
            String word;
            do {
                StringBuilder w = new StringBuilder();
                for (int s = 1 + random.nextInt(4); s > 0; s--) {
                    w.append(syllables[random.nextInt(syllables.length)]);
                }
                word = random.nextInt(50) == 0 ? w.append(random.nextInt(100)).toString() : w.toString();
            } while (!seen.add(word));
            lexicon[i] = word;
        }
        double[] cumulative = new double[vocabulary];
        double total = 0;
        for (int i = 0; i < vocabulary; i++) {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }
        String[] punctuation = {",", ".", ";", ":", "!", "?", "(", ")"};
        List<String> out = new ArrayList<>(texts);
        for (int t = 0; t < texts; t++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < wordsPerText; w++) {
                int rank = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
                text.append(w == 0 ? "" : " ").append(lexicon[rank < 0 ? -rank - 1 : rank]);
                if (random.nextInt(10) == 0) {
                    text.append(punctuation[random.nextInt(punctuation.length)]);
                }
            }
            out.add(text.toString());
        }
        return out;
    }

    private static List<String> jsonl(String[] args) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<String> texts = new ArrayList<>();
        for (String arg : args) {
            if (arg.endsWith(".jsonl")) {
                for (String line : Files.readAllLines(Path.of(arg))) {
                    texts.add(json.readTree(line).get("text").stringValue());
                }
            }
        }
        return texts;
    }
}
