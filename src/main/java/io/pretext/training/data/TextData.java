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
 * the text's tokens (truncated), then padding. Batches are {@code maxLength} wide, or, when built
 * {@linkplain #TextData(DatasetReader.Texts, Tokenizer, int, boolean) by length}, as wide as their
 * longest text: padding columns that every row of a batch has are left out, since attention and
 * pooling ignore them anyway (in a {@link ShuffledStream}, which then groups texts by length, that is most of
 * them). Batches of varying shapes need an allocator that gives their memory back (see
 * {@code ChildMain}). Immutable.
 */
public final class TextData implements TrainingData {

    private final DatasetReader.Texts texts;
    private final int maxLength;
    private final int[] ids;
    private final int[] lengths;
    private final boolean byLength;

    /** Batches {@code maxLength} wide. */
    public TextData(DatasetReader.Texts texts, Tokenizer tokenizer, int maxLength) {
        this(texts, tokenizer, maxLength, false);
    }

    /**
     * @param byLength whether each batch is only as wide as its longest text, and training streams
     *     group texts of similar length ({@link #byLength()})
     */
    public TextData(DatasetReader.Texts texts, Tokenizer tokenizer, int maxLength, boolean byLength) {
        this.texts = texts;
        this.byLength = byLength;
        this.maxLength = maxLength;
        this.ids = new int[Math.multiplyExact(texts.texts().size(), maxLength)];
        for (int i = 0; i < texts.texts().size(); i++) {
            int[] row = TokenRows.row(tokenizer, texts.texts().get(i), maxLength);
            System.arraycopy(row, 0, ids, i * maxLength, maxLength);
        }
        this.lengths = LengthGrouping.rowLengths(ids, texts.texts().size(), maxLength, Tokenizer.PAD);
    }

    /** Whether batches are cut to their longest text (and training should group texts by length). */
    public boolean byLength() {
        return byLength;
    }

    /** Ids per row before the padding, indexed by sample (shared, do not modify). */
    int[] lengths() {
        return lengths;
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
        int width = byLength ? 1 : maxLength;
        for (int i = from; i < to && byLength; i++) {
            width = Math.max(width, lengths[indices[i]]);
        }
        long[] batch = new long[(to - from) * width];
        for (int i = from; i < to; i++) {
            int offset = indices[i] * maxLength;
            for (int j = 0; j < width; j++) {
                batch[(i - from) * width + j] = ids[offset + j];
            }
        }
        return manager.create(batch, new Shape(to - from, width));
    }
}
