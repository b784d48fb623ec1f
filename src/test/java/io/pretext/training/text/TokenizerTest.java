package io.pretext.training.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    static final String[] WORDS = {"the", "model", "learns", "representations", "from", "unlabeled", "data",
        "contrastive", "views", "of", "an", "image", "café", "naïve", "encoder", "batch", "size", "is", "256",
        "and", "loss", "falls", "to", "0.25", "after", "10", "epochs", "pretext", "task", "rotation"};
    static final String[] PUNCTUATION = {",", ".", ";", ":", "!", "?", "(", ")", "-", "'"};

    static List<String> corpus;
    static Tokenizer tokenizer;

    /** Sentences of random words and punctuation; deterministic. */
    static List<String> corpus(int texts, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int t = 0; t < texts; t++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "The" : "A");
            for (int w = random.nextInt(20) + 5; w > 0; w--) {
                text.append(random.nextInt(8) == 0 ? "  " : " ").append(WORDS[(int) Math.abs(random.nextGaussian() * 8) % WORDS.length]);
                if (random.nextInt(6) == 0) {
                    text.append(PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
                }
            }
            out.add(text.append('.').toString());
        }
        return out;
    }

    @BeforeAll
    static void train() {
        corpus = corpus(2000, 1);
        tokenizer = Tokenizer.train(corpus, 150);
    }

    @Test
    void normalizes_nfkc_lower_case_and_whitespace() {
        assertThat(Tokenizer.normalize("  Héllo\t\tWORLD\n\u00a0ﬁne \u2003 Ⅻ ")).isEqualTo("héllo world fine xii");
        assertThat(Tokenizer.normalize(" \n\t ")).isEmpty();
    }

    @Test
    void splits_words_and_marks_those_after_a_space() {
        assertThat(PreTokenizer.words("hello, world").stream().map(PreTokenizer.Word::marked))
                .containsExactly("\u2581hello", ",", "\u2581world");
        assertThat(PreTokenizer.words("(a1b2)..x").stream().map(PreTokenizer.Word::marked))
                .containsExactly("\u2581(", "a1b2", ")", ".", ".", "x");
    }

    @Test
    void decode_of_encode_is_the_normalised_text() {
        List<String> texts = List.of("The model, learns: representations (from 10 unlabeled views)!",
                "  Café   NAÏVE\tencoder\n\nbatch-size 256; loss 0.25 ", "the the the theta thee ethe",
                "a.b,c!!!???", "naïve café 2560 0.25.25", String.join(" ", corpus.subList(0, 40)));
        for (String text : texts) {
            int[] ids = tokenizer.encode(text);
            assertThat(ids).doesNotContain(Tokenizer.UNK);
            assertThat(tokenizer.decode(ids)).isEqualTo(Tokenizer.normalize(text));
        }
    }

    @Test
    void frequent_words_become_single_tokens() {
        for (String word : List.of("the", "model", "representations", "café")) {
            int[] ids = tokenizer.encode(word);
            assertThat(ids).hasSize(1);
            assertThat(tokenizer.token(ids[0])).isEqualTo("\u2581" + word);
        }
        assertThat(tokenizer.encode("the model learns")).hasSize(3);
    }

    @Test
    void vocabulary_size_is_reached_and_never_exceeded() {
        assertThat(tokenizer.vocabSize()).isEqualTo(150);
        Tokenizer small = Tokenizer.train(corpus, 40);
        assertThat(small.vocabSize()).isEqualTo(40);
        long alphabet = java.util.stream.IntStream.range(5, 40)
                .filter(id -> small.token(id).codePointCount(0, small.token(id).length()) == 1).count();
        assertThat(alphabet).isEqualTo(20); // capped at half the vocabulary, marker included
        // Too little text to fill the vocabulary: stops when no pair occurs twice.
        Tokenizer tiny = Tokenizer.train(List.of("abab abab"), 1000);
        assertThat(tiny.vocabSize()).isLessThan(1000);
        assertThat(tiny.encode("abab")).hasSize(1);
        assertThatThrownBy(() -> Tokenizer.train(corpus, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void specials_have_fixed_ids() {
        assertThat(List.of(Tokenizer.PAD, Tokenizer.UNK, Tokenizer.CLS, Tokenizer.SEP, Tokenizer.MASK))
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(List.of(tokenizer.token(0), tokenizer.token(1), tokenizer.token(2), tokenizer.token(3),
                tokenizer.token(4))).containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
        assertThat(tokenizer.id("[MASK]")).isEqualTo(4);
        assertThat(tokenizer.id("no such token")).isEqualTo(-1);
        assertThat(tokenizer.isSpecial(4)).isTrue();
        assertThat(tokenizer.isSpecial(5)).isFalse();
        assertThat(tokenizer.token(5)).isEqualTo("\u2581");
        assertThat(tokenizer.encode("[MASK]")).doesNotContain(Tokenizer.MASK); // text never yields specials
        int the = tokenizer.encode("the")[0];
        assertThat(tokenizer.decode(new int[] {Tokenizer.CLS, the, Tokenizer.SEP, Tokenizer.PAD, Tokenizer.MASK}))
                .isEqualTo("the");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {150})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknown_characters_become_one_unk_each() {
        int[] ids = tokenizer.encode("the €€ model");
        assertThat(ids).containsExactly(tokenizer.id("\u2581the"), tokenizer.id("\u2581"), Tokenizer.UNK,
                Tokenizer.UNK, tokenizer.id("\u2581model"));
        assertThat(tokenizer.decode(ids)).isEqualTo("the \uFFFD\uFFFD model");
        // A literal marker in the text is not a space in disguise.
        int[] a = tokenizer.encode("a");
        assertThat(tokenizer.encode("a\u2581")).containsExactly(java.util.stream.IntStream
                .concat(java.util.Arrays.stream(a), java.util.stream.IntStream.of(Tokenizer.UNK)).toArray());
        assertThat(tokenizer.encode("\u2581")).containsExactly(tokenizer.id("\u2581"), Tokenizer.UNK);
        // A character seen once in training is not in the alphabet.
        Tokenizer once = Tokenizer.train(List.of("ab ab ab ж"), 50);
        assertThat(once.encode("ж")).containsExactly(once.id("\u2581"), Tokenizer.UNK);
    }

    @Test
    void empty_text_encodes_to_nothing() {
        assertThat(tokenizer.encode("")).isEmpty();
        assertThat(tokenizer.encode(" \t\n ")).isEmpty();
        assertThat(tokenizer.decode(new int[0])).isEmpty();
    }

    @Test
    void training_is_deterministic_and_independent_of_text_order() {
        List<String> shuffled = new ArrayList<>(corpus);
        Collections.shuffle(shuffled, new Random(99));
        byte[] bytes = tokenizer.toBytes();
        assertThat(Tokenizer.train(corpus, 150).toBytes()).isEqualTo(bytes);
        assertThat(Tokenizer.train(shuffled, 150).toBytes()).isEqualTo(bytes);
    }

    @Test
    void incremental_training_matches_a_full_recount_each_merge() {
        List<String> texts = corpus(150, 5);
        Tokenizer trained = Tokenizer.train(texts, 120);
        assertThat(trained.merges()).hasSizeGreaterThan(50)
                .isEqualTo(ReferenceBpe.merges(texts, trained, 120));
    }

    @Test
    void bytes_round_trip_keeps_encodings() {
        Tokenizer loaded = Tokenizer.fromBytes(tokenizer.toBytes());
        assertThat(loaded.toBytes()).isEqualTo(tokenizer.toBytes());
        assertThat(loaded.vocabSize()).isEqualTo(150);
        String json = new String(tokenizer.toBytes(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"type\":\"bpe\",\"version\":1,\"normalization\":\"nfkc-lower\",\"vocab\":[\"[PAD]\"");
        for (String text : corpus(50, 3)) {
            assertThat(loaded.encode(text + " €")).isEqualTo(tokenizer.encode(text + " €"));
        }
    }

    @Test
    void malformed_bytes_are_rejected() {
        String good = new String(tokenizer.toBytes(), StandardCharsets.UTF_8);
        List<String> bad = List.of("", "not json", "[1,2]", good + "{}",
                good.replace("\"bpe\"", "\"wordpiece\""),
                good.replace("\"version\":1", "\"version\":2"),
                good.replace("\"[PAD]\",", ""),
                good.replace("\"[UNK]\"", "\"[PAD]\""),
                good.replaceFirst("\"merges\":\\[", "\"merges\":[\"zz qq\","),
                good.replaceFirst("\"merges\":\\[", "\"merges\":[\"a\","),
                good.replaceFirst("\"vocab\":\\[", "\"vocab\":[7,"),
                good.replaceFirst(",\"merges\":\\[.*\\]", ""));
        for (String text : bad) {
            assertThatThrownBy(() -> Tokenizer.fromBytes(text.getBytes(StandardCharsets.UTF_8)))
                    .as(text.length() > 80 ? text.substring(0, 80) : text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
        }
    }

    @Test
    void encodes_the_same_from_many_threads() throws Exception {
        List<String> texts = corpus(400, 11);
        List<int[]> expected = texts.stream().map(Tokenizer.fromBytes(tokenizer.toBytes())::encode).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> texts.stream().map(tokenizer::encode).toList()));
            }
            for (Future<List<int[]>> result : results) {
                assertThat(result.get()).usingRecursiveComparison().isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
