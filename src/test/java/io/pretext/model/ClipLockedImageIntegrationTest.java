package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Locked-image tuning through the API: a {@code clip} pretraining whose image tower starts from an
 * earlier CLIP experiment's image encoder and stays locked ({@code freezeImage}), and whose text
 * tower starts from an {@code mlm} experiment's encoder (its tokenizer and shape); the locked
 * encoder's checkpoint is byte for byte the one it started from, and wrong sources are 4xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipLockedImageIntegrationTest {

    ClipModelServingIntegrationTest clip;
    ApiClient api;
    String textExperiment;

    @BeforeAll
    void trainAnMlmEncoder() throws Exception {
        clip = ClipModelServingIntegrationTest.trained();
        api = clip.api;
        StringBuilder jsonl = new StringBuilder();
        for (String colour : ClipModelServingIntegrationTest.COLOURS) {
            for (String text : new String[] {"a %s square on noise", "something %s", "the %s one", "%s again"}) {
                jsonl.append(ApiClient.json(Map.of("text", text.formatted(colour)))).append('\n');
            }
        }
        String texts = api.upload("/v1/datasets", ADMIN, Map.of("name", "colour-words"), new FilePart("file",
                "colours.jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8))).json().get("id").asString();
        textExperiment = run("""
                {"name": "colour-mlm", "seed": 2,
                 "pretrain": {"dataset": "%s", "method": "mlm", "epochs": 1, "batchSize": 4, "vocabSize": 100,
                              "maxLength": 10, "transformer": {"layers": 1, "width": 16, "heads": 2,
                              "feedForward": 32}}}""".formatted(texts));
    }

    @Test
    void a_locked_image_tower_keeps_the_earlier_encoder_and_the_text_tower_takes_the_mlm_shape() throws Exception {
        run("""
                {"name": "pairs-lit", "seed": 6,
                 "pretrain": {"dataset": "%s", "method": "clip", "encoder": "cnn-small", "epochs": 1,
                              "batchSize": 12, "projection": 16, "imageEncoderFrom": "%s", "freezeImage": true,
                              "textEncoderFrom": "%s"}}""".formatted(clip.dataset, clip.experiment, textExperiment));
        ArtifactStore store = clip.served.app().getBean(ArtifactStore.class);
        String source = checkpoint("pairs");
        String locked = checkpoint("pairs-lit");
        assertThat(bytes(store, locked + ArtifactLayout.ENCODER)).as("the locked image encoder, unchanged")
                .isEqualTo(bytes(store, source + ArtifactLayout.ENCODER));
        assertThat(bytes(store, locked + ArtifactLayout.TOKENIZER)).as("the mlm experiment's tokenizer")
                .isEqualTo(bytes(store, checkpoint("colour-mlm") + ArtifactLayout.TOKENIZER));
        try (TrainedModel model = clip.load("pairs-lit"); TrainedModel earlier = clip.load("pairs")) {
            assertThat(model.card().clip().text().width()).isEqualTo(16);
            assertThat(model.card().clip().text().maxLength()).isEqualTo(10);
            assertThat(model.card().mean()).as("the source's normalisation").isEqualTo(earlier.card().mean());
        }
    }

    @Test
    void a_text_source_that_is_no_text_encoder_and_a_lock_without_a_source_are_400s() {
        var notText = api.post("/v1/experiments", ADMIN, """
                {"name": "x", "pretrain": {"dataset": "%s", "method": "clip", "textEncoderFrom": "%s"}}"""
                .formatted(clip.dataset, clip.experiment));
        assertThat(notText.status()).as(notText.body()).isEqualTo(400);
        assertThat(notText.json().at("/errors/0/field").asString()).isEqualTo("pretrain.textEncoderFrom");
        var lockAlone = api.post("/v1/experiments", ADMIN, """
                {"name": "x", "pretrain": {"dataset": "%s", "method": "clip", "freezeText": true}}"""
                .formatted(clip.dataset));
        assertThat(lockAlone.status()).as(lockAlone.body()).isEqualTo(400);
        assertThat(lockAlone.json().at("/errors/0/field").asString()).isEqualTo("pretrain.freezeText");
        var unknown = api.post("/v1/experiments", ADMIN, """
                {"name": "x", "pretrain": {"dataset": "%s", "method": "clip",
                 "imageEncoderFrom": "00000000-0000-0000-0000-000000000000"}}""".formatted(clip.dataset));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    }

    private String run(String spec) {
        var created = api.post("/v1/experiments", ADMIN, spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Await.until(Duration.ofMinutes(6), () -> api.get("/v1/experiments/" + id, ADMIN).json()
                .get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode finished = api.get("/v1/experiments/" + id, ADMIN).json();
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        return id;
    }

    private String checkpoint(String model) {
        return api.get("/v1/models/" + model, ADMIN).json().get("versions").get(0).get("checkpoint").asString();
    }

    private static byte[] bytes(ArtifactStore store, String key) throws Exception {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }
}
