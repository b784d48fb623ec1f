package io.pretext.training.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import io.pretext.training.eval.SparseVector;
import org.junit.jupiter.api.Test;

class TfIdfVectorizerTest {

    private static final TfIdfVectorizer.Settings WORDS = new TfIdfVectorizer.Settings(1, 1, 0, 0, 100);

    @Test
    void a_known_corpus_gets_sublinear_smoothed_tf_idf_rows_of_unit_length() {
        TfIdfVectorizer tfidf = TfIdfVectorizer.fit(List.of("Apple banana", "apple, cherry cherry"), WORDS);

        // idf = ln((1 + n) / (1 + df)) + 1 with n = 2: apple (df 2) 1; banana, cherry (df 1) ln(1.5) + 1.
        double rare = Math.log(1.5) + 1;
        SparseVector first = tfidf.transform("apple banana");
        double firstNorm = Math.sqrt(1 + rare * rare);
        assertThat(first.get(tfidf.index("w:apple"))).isCloseTo((float) (1 / firstNorm), within(1e-6f));
        assertThat(first.get(tfidf.index("w:banana"))).isCloseTo((float) (rare / firstNorm), within(1e-6f));
        assertThat(first.get(tfidf.index("w:cherry"))).isZero();
        // tf 2 counts 1 + ln 2, not 2.
        SparseVector second = tfidf.transform("apple cherry cherry");
        double cherry = (1 + Math.log(2)) * rare;
        double secondNorm = Math.sqrt(1 + cherry * cherry);
        assertThat(second.get(tfidf.index("w:apple"))).isCloseTo((float) (1 / secondNorm), within(1e-6f));
        assertThat(second.get(tfidf.index("w:cherry"))).isCloseTo((float) (cherry / secondNorm), within(1e-6f));
        assertThat(second.indices()).hasSize(2).isSorted();
    }

    @Test
    void the_vocabulary_keeps_the_terms_in_most_documents_ties_by_text_and_ignores_unknown_terms() {
        TfIdfVectorizer tfidf = TfIdfVectorizer.fit(List.of("b a", "c a", "d a b"),
                new TfIdfVectorizer.Settings(1, 1, 0, 0, 2));

        assertThat(tfidf.vocabulary()).containsExactly("w:a", "w:b");
        assertThat(tfidf.transform("c d e").indices()).as("no known term: all zeros").isEmpty();
        assertThat(tfidf.transform("b zebra").get(tfidf.index("w:b"))).isEqualTo(1f);
    }

    @Test
    void terms_are_word_n_grams_and_character_n_grams_within_space_padded_words() {
        TfIdfVectorizer.Settings settings = new TfIdfVectorizer.Settings(1, 2, 3, 4, 100);

        assertThat(TfIdfVectorizer.terms("GTK+ ab", settings)).containsExactly(
                "w:gtk", "w:ab", "w:gtk ab",
                "c: gt", "c:gtk", "c:tk ", "c: gtk", "c:gtk ",
                "c: ab", "c:ab ", "c: ab ");
        assertThat(TfIdfVectorizer.terms("ＡＢ", new TfIdfVectorizer.Settings(1, 1, 0, 0, 1)))
                .as("NFKC folds full-width letters").containsExactly("w:ab");
    }

    @Test
    void bad_settings_are_refused() {
        assertThatThrownBy(() -> new TfIdfVectorizer.Settings(0, 2, 0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TfIdfVectorizer.Settings(1, 1, 3, 2, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TfIdfVectorizer.Settings(0, 0, 0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
