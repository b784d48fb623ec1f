package io.pretext.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded labeled texts with structure a small model can learn: each of four topics has its own
 * nouns and verbs, sentences follow a few templates with shared function words, so masked tokens
 * are predictable from context and the topic from the words.
 */
public final class SyntheticTexts {

    public static final List<String> CLASSES = List.of("kitchen", "garden", "music", "harbour");

    private static final String[][] NOUNS = {
        {"pan", "knife", "oven", "spoon", "bread", "soup", "onion", "butter", "kettle", "plate"},
        {"rose", "spade", "hedge", "tulip", "seed", "soil", "lawn", "rake", "bush", "compost"},
        {"violin", "drum", "chord", "melody", "piano", "choir", "tempo", "guitar", "song", "flute"},
        {"boat", "anchor", "pier", "sail", "rope", "crane", "ferry", "dock", "buoy", "tide"},
    };
    private static final String[][] VERBS = {
        {"bakes", "stirs", "slices", "boils", "fries"},
        {"plants", "waters", "prunes", "digs", "grows"},
        {"plays", "tunes", "hums", "records", "strums"},
        {"moors", "sails", "loads", "ties", "docks"},
    };
    private static final String[] ADJECTIVES = {"old", "small", "bright", "heavy", "quiet", "red"};

    private SyntheticTexts() {
    }

    /** {@code n} texts; the label of text {@code i} is {@code labels[i]} ({@code i % 4}). */
    public static List<String> texts(int n, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int topic = i % CLASSES.size();
            StringBuilder text = new StringBuilder();
            int sentences = 2 + random.nextInt(2);
            for (int s = 0; s < sentences; s++) {
                text.append(s == 0 ? "" : " ").append(sentence(topic, random));
            }
            texts.add(text.toString());
        }
        return texts;
    }

    public static int[] labels(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES.size();
        }
        return labels;
    }

    private static String sentence(int topic, Random random) {
        String noun = pick(NOUNS[topic], random);
        String other = pick(NOUNS[topic], random);
        String verb = pick(VERBS[topic], random);
        String adjective = pick(ADJECTIVES, random);
        return switch (random.nextInt(3)) {
            case 0 -> "The " + adjective + " " + noun + " " + verb + " the " + other + ".";
            case 1 -> "Every morning she " + verb + " a " + noun + " near the " + other + ".";
            default -> "A " + noun + ", a " + other + " and the " + adjective + " " + pick(NOUNS[topic], random) + ".";
        };
    }

    private static String pick(String[] words, Random random) {
        return words[random.nextInt(words.length)];
    }
}
