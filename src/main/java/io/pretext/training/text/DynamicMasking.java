package io.pretext.training.text;

import java.util.Arrays;
import java.util.Random;

/**
 * RoBERTa's dynamic masking, drawn afresh for every batch: each real token (not padding or another
 * special token) is chosen with probability {@code rate}; a chosen token becomes {@code [MASK]}
 * 80% of the time, a random real token 10% and stays itself 10%, and the model must predict the
 * original at every chosen position. A batch with real tokens always gets at least one. Stateless.
 */
public final class DynamicMasking {

    /**
     * A masked batch.
     *
     * @param inputs the ids to feed, same layout as the original
     * @param positions flat indices of the chosen tokens, ascending
     * @param targets the original ids at {@code positions}
     */
    public record Masked(long[] inputs, long[] positions, long[] targets) {
    }

    /** Ids below this are special tokens (padding, [CLS], [MASK], ...). */
    static final int FIRST_TOKEN = Tokenizer.MASK + 1;

    private DynamicMasking() {
    }

    /**
     * @param ids token ids (any layout; padding is {@link Tokenizer#PAD})
     * @param vocabSize ids are below this; random replacements are drawn from the real tokens
     * @param rate the fraction of real tokens to choose, in (0, 1)
     */
    public static Masked mask(long[] ids, int vocabSize, double rate, Random random) {
        long[] inputs = ids.clone();
        long[] positions = new long[ids.length];
        int chosen = 0;
        int realTokens = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < FIRST_TOKEN) {
                continue;
            }
            realTokens++;
            if (random.nextDouble() < rate) {
                positions[chosen++] = i;
            }
        }
        if (chosen == 0 && realTokens > 0) {
            // No prediction means no loss: pick one real token instead of wasting the step.
            int pick = random.nextInt(realTokens);
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] >= FIRST_TOKEN && pick-- == 0) {
                    positions[chosen++] = i;
                    break;
                }
            }
        }
        positions = Arrays.copyOf(positions, chosen);
        long[] targets = new long[chosen];
        for (int j = 0; j < chosen; j++) {
            int i = (int) positions[j];
            targets[j] = ids[i];
            double roll = random.nextDouble();
            if (roll < 0.8) {
                inputs[i] = Tokenizer.MASK;
            } else if (roll < 0.9) {
                inputs[i] = FIRST_TOKEN + random.nextInt(vocabSize - FIRST_TOKEN);
            }
        }
        return new Masked(inputs, positions, targets);
    }
}
