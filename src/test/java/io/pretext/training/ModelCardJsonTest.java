package io.pretext.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;

import io.pretext.training.text.TransformerSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ModelCardJsonTest {

    final JsonMapper json = JsonMapper.builder().build();
    final ModelCard image = new ModelCard("cnn-small", 1, 16, 16, new float[] {0.5f}, new float[] {0.25f},
            List.of("zero", "one"), 128);
    final ModelCard text = ModelCard.forText("transformer-mini",
            new TransformerSettings(300, 32, 64, 2, 2, 128, "mean"), List.of("a", "b", "c"));

    @Test
    void a_card_survives_a_round_trip_whole() {
        for (ModelCard card : List.of(image, text)) {
            assertThat(ModelCardJson.read(ModelCardJson.write(card))).usingRecursiveComparison().isEqualTo(card);
        }
        assertThat(ModelCardJson.read(ModelCardJson.write(text)).text()).isEqualTo(text.text());
    }

    @Test
    void an_image_card_has_no_text_field_and_a_text_card_carries_its_transformer() {
        assertThat(ModelCardJson.write(image).has("text")).isFalse();
        ObjectNode card = ModelCardJson.write(text);
        assertThat(card.at("/text/vocabSize").asInt()).isEqualTo(300);
        assertThat(card.at("/text/maxLength").asInt()).isEqualTo(32);
        assertThat(card.at("/text/pooling").asString()).isEqualTo("mean");
    }

    @Test
    void reading_ignores_fields_a_card_does_not_have() {
        ObjectNode card = ModelCardJson.write(text);
        card.put("model", "texts").put("version", 3).put("parameters", ArtifactLayout.ENCODER);
        assertThat(ModelCardJson.read(card)).usingRecursiveComparison().isEqualTo(text);
    }

    @Test
    void the_card_of_a_checkpoint_is_its_meta_field() throws IOException {
        ObjectNode meta = json.createObjectNode().put("epoch", 3);
        meta.set(ModelCardJson.META_FIELD, ModelCardJson.write(image));
        assertThat(ModelCardJson.ofMeta(meta)).usingRecursiveComparison().isEqualTo(image);
        assertThatThrownBy(() -> ModelCardJson.ofMeta(json.createObjectNode().put("epoch", 3)))
                .isInstanceOf(IOException.class).hasMessageContaining("no model card");
        assertThatThrownBy(() -> ModelCardJson.ofMeta(json.createObjectNode().put(ModelCardJson.META_FIELD, 7)))
                .isInstanceOf(IOException.class).hasMessageContaining("unreadable");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelCardJson.read(json.readTree("{\"channels\":\"x\"}")));
    }
}
