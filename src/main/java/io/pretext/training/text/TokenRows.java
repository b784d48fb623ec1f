package io.pretext.training.text;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Fixed-length rows of token ids, the text encoder's input: {@code [CLS]}, the text's tokens cut to
 * fit, then {@code [PAD]}. Also their byte form (little-endian int32), in which inference queues
 * texts like images. Stateless.
 */
public final class TokenRows {

    private TokenRows() {
    }

    /** One row of exactly {@code maxLength} ids. */
    public static int[] row(Tokenizer tokenizer, String text, int maxLength) {
        int[] tokens = tokenizer.encode(text);
        int[] row = new int[maxLength];
        row[0] = Tokenizer.CLS;
        System.arraycopy(tokens, 0, row, 1, Math.min(tokens.length, maxLength - 1));
        return row;
    }

    /** The rows of {@code texts}, concatenated as little-endian int32: {@code 4 * maxLength} bytes each. */
    public static byte[] bytes(Tokenizer tokenizer, List<String> texts, int maxLength) {
        ByteBuffer out = ByteBuffer.allocate(texts.size() * maxLength * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String text : texts) {
            for (int id : row(tokenizer, text, maxLength)) {
                out.putInt(id);
            }
        }
        return out.array();
    }

    /** Reads {@link #bytes} back as int64 ids, the embedding's input type. */
    public static long[] ids(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] ids = new long[bytes.length / 4];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = in.getInt();
        }
        return ids;
    }
}
