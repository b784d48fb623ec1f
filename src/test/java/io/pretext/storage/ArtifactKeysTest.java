package io.pretext.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "datasets/1/shard-0001.bin", "x=1/y_2/z-3.json", "a.b.c"})
    void valid_keys_pass(String key) {
        assertThat(ArtifactKeys.requireValidKey(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "a/", "a//b", ".", "..", "a/../b", "a/./b", "a b", "a\\b", "ä", "a\u0000b"})
    void invalid_keys_are_rejected_with_a_reason(String key) {
        assertThatThrownBy(() -> ArtifactKeys.requireValidKey(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/", "a/b", "a/b-"})
    void prefixes_may_be_empty_or_end_in_a_slash(String prefix) {
        assertThat(ArtifactKeys.requireValidPrefix(prefix)).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "/", "a//"})
    void invalid_prefixes_are_rejected(String prefix) {
        assertThatThrownBy(() -> ArtifactKeys.requireValidPrefix(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void overlong_keys_are_rejected() {
        assertThatThrownBy(() -> ArtifactKeys.requireValidKey("a".repeat(513)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
    }
}
