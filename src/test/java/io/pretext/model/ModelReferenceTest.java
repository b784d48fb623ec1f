package io.pretext.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import io.pretext.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Model references in paths: id or name, then @alias, @version or @latest. */
class ModelReferenceTest {

    @Test
    void names_ids_aliases_and_versions() {
        UUID id = UUID.randomUUID();

        assertThat(ModelReference.parse("fmnist")).isEqualTo(new ModelReference(null, "fmnist", null, null));
        assertThat(ModelReference.parse(id.toString())).isEqualTo(new ModelReference(id, null, null, null));
        assertThat(ModelReference.parse("fmnist@Champion")).isEqualTo(new ModelReference(null, "fmnist", "champion", null));
        assertThat(ModelReference.parse(id + "@3")).isEqualTo(new ModelReference(id, null, null, 3));
        assertThat(ModelReference.parse("a@b@latest")).as("the last @ splits")
                .isEqualTo(new ModelReference(null, "a@b", null, null));
    }

    @Test
    void a_malformed_selector_or_an_empty_model_is_a_400() {
        assertThatThrownBy(() -> ModelReference.parse("fmnist@no way")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ModelReference.parse("@champion")).isInstanceOf(InvalidRequestException.class);
    }
}
