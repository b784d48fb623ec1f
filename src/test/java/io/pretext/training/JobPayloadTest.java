package io.pretext.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.pretext.training.method.Methods;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Payloads as stored: those the planner wrote before payloads were typed still parse, strictly,
 * and write back the same JSON (into a checkpoint's meta.json); a missing value fails naming it.
 */
class JobPayloadTest {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** One line per job of an image (moco) and a text (mlm) experiment, as the old planner wrote them. */
    private static List<String> oldPayloads() throws IOException {
        try (InputStream in = JobPayloadTest.class.getResourceAsStream("/payloads/old-planner.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void payloads_queued_before_the_typed_payload_parse_and_write_back_the_same_json() throws IOException {
        List<String> payloads = oldPayloads();

        assertThat(payloads).hasSize(10);
        for (String payload : payloads) {
            JobPayload parsed = JobPayload.parse(payload, STRICT);
            JsonNode written = STRICT.readTree(STRICT.writeValueAsString(parsed));
            assertThat(written).as(payload).isEqualTo(STRICT.readTree(payload));
        }
    }

    @Test
    void an_old_pretraining_payload_keeps_its_method_settings() throws IOException {
        JobPayload moco = JobPayload.parse(oldPayloads().get(0), STRICT);

        assertThat(moco.seed()).isEqualTo(7L);
        assertThat(moco.checkpoint()).isEqualTo(new CheckpointPolicy(2, null, 3));
        assertThat(moco.pretrain().temperature()).isEqualTo(0.2);
        assertThat(moco.pretrain().queueSize()).isEqualTo(4096);
        assertThat(moco.pretrain().momentum()).isEqualTo(0.99);
        assertThat(moco.knn()).isEqualTo(new KnnSources(UUID.fromString("00000000-0000-0000-0000-000000000002"),
                UUID.fromString("00000000-0000-0000-0000-000000000003")));
        JobPayload scratch = JobPayload.parse(oldPayloads().get(8), STRICT);
        assertThat(scratch.text()).isEqualTo(new TextShape(3000, 128, new TransformerShape(4, 128, 4, 512)));
        assertThat(scratch.finetune().pooling()).isEqualTo("cls");
    }

    @Test
    void a_missing_required_value_is_an_illegal_argument_naming_it() throws IOException {
        ObjectNode pretrain = (ObjectNode) STRICT.readTree(oldPayloads().get(0));
        ((ObjectNode) pretrain.get("pretrain")).remove("epochs");
        ObjectNode noSeed = (ObjectNode) STRICT.readTree(oldPayloads().get(2));
        noSeed.remove("seed");
        ObjectNode sgd = (ObjectNode) STRICT.readTree(oldPayloads().get(1));
        ((ObjectNode) sgd.at("/finetune/optimizer")).put("type", "sgd");

        assertThatThrownBy(() -> JobPayload.parse(pretrain.toString(), STRICT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pretrain.epochs");
        assertThatThrownBy(() -> JobPayload.parse(noSeed.toString(), STRICT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed");
        assertThatThrownBy(() -> JobPayload.parse(sgd.toString(), STRICT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finetune.optimizer.momentum");
        assertThatThrownBy(() -> JobPayload.parse("{\"seed\": \"x\"", STRICT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job payload is not valid");
    }

    @Test
    void a_method_setting_missing_from_the_payload_is_named_not_defaulted() throws IOException {
        JsonNode tree = STRICT.readTree(oldPayloads().get(0));
        ObjectNode simclr = (ObjectNode) tree.get("pretrain").deepCopy();
        simclr.put("method", "simclr");
        simclr.remove("temperature");

        PretrainSettings settings = STRICT.treeToValue(simclr, PretrainSettings.class);

        assertThatThrownBy(() -> Methods.create(settings, "cnn-small", 16, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pretrain.temperature");
    }
}
