package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.pretext.testing.ApiClient;
import io.pretext.testing.Await;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A {@code clip} pretraining followed by a linear probe on the captioned images' labels: the kNN
 * monitor reads CLIP's image encoder during pretraining, the finetune starts from it, and the
 * registered model is the classifier, answering over HTTP.
 */
class ClipFinetuneIntegrationTest {

    @Test
    void a_finetune_starts_from_the_clip_image_encoder_and_registers_a_classifier() throws Exception {
        ClipModelServingIntegrationTest clip = ClipModelServingIntegrationTest.trained();
        ApiClient api = clip.api;
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "pairs-probe", "seed": 8, "baselines": [],
                 "pretrain": {"dataset": "%1$s", "method": "clip", "epochs": 1, "batchSize": 12, "vocabSize": 100,
                              "maxLength": 12, "projection": 16,
                              "transformer": {"layers": 1, "width": 16, "heads": 2, "feedForward": 32}},
                 "finetune": {"dataset": "%1$s", "labelsPerClass": 6, "strategy": "linear", "epochs": 2,
                              "batchSize": 12}}""".formatted(clip.dataset));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Await.until(Duration.ofMinutes(6), () -> api.get("/v1/experiments/" + id, ADMIN).json()
                .get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode finished = api.get("/v1/experiments/" + id, ADMIN).json();
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");

        JsonNode knn = api.get("/v1/experiments/" + id + "/metrics?name=knnAccuracy", ADMIN).json();
        assertThat(knn.values()).as("kNN on CLIP's image encoder, epochs 0 and 1").isNotEmpty();
        JsonNode model = api.get("/v1/models/pairs-probe", ADMIN).json();
        assertThat(model.at("/versions/0/jobKind").asString()).isEqualTo("FINETUNE");
        assertThat(model.at("/versions/0/card/classes").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrderElementsOf(ClipModelServingIntegrationTest.COLOURS);
        var answer = api.post("/v1/models/pairs-probe/classifications", ADMIN, ApiClient.json(Map.of("images",
                List.of(Base64.getEncoder().encodeToString(clip.images.get(0))))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
}
