package io.pretext.training.data;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.text.TokenRows;
import io.pretext.training.text.Tokenizer;

/**
 * A text dataset tokenised once into a fixed {@code size x maxLength} matrix of ids: {@code [CLS]},
 * the text's tokens (truncated), then padding. Immutable.
 */
public final class TextData implements TrainingData {

    private final DatasetReader.Texts texts;
    private final int maxLength;
    private final int[] ids;

    public TextData(DatasetReader.Texts texts, Tokenizer tokenizer, int maxLength) {
        this.texts = texts;
        this.maxLength = maxLength;
        this.ids = new int[Math.multiplyExact(texts.texts().size(), maxLength)];
        for (int i = 0; i < texts.texts().size(); i++) {
            int[] row = TokenRows.row(tokenizer, texts.texts().get(i), maxLength);
            System.arraycopy(row, 0, ids, i * maxLength, maxLength);
        }
    }

    /** Fraction of rows whose text did not fit in {@code maxLength} tokens. */
    public double truncatedFraction() {
        int truncated = 0;
        for (int i = 0; i < size(); i++) {
            truncated += ids[(i + 1) * maxLength - 1] != Tokenizer.PAD ? 1 : 0;
        }
        return size() == 0 ? 0 : (double) truncated / size();
    }

    @Override
    public int size() {
        return texts.texts().size();
    }

    @Override
    public int[] labels() {
        return texts.labels();
    }

    @Override
    public List<String> classes() {
        return texts.classes();
    }

    @Override
    public String sha256() {
        return texts.sha256();
    }

    @Override
    public NDArray batch(NDManager manager, int[] indices, int from, int to) {
        long[] batch = new long[(to - from) * maxLength];
        for (int i = from; i < to; i++) {
            int offset = indices[i] * maxLength;
            for (int j = 0; j < maxLength; j++) {
                batch[(i - from) * maxLength + j] = ids[offset + j];
            }
        }
        return manager.create(batch, new Shape(to - from, maxLength));
    }
}
