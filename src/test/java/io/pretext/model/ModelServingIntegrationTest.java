package io.pretext.model;

import static io.pretext.model.ServedModel.CLASSES;
import static io.pretext.model.ServedModel.base64Body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.Tenants;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Serving a really trained model ({@link ServedModel}) over HTTP: classifications and embeddings
 * must equal what {@link TrainedModel} computes in-process from the same checkpoint, the exported
 * backbone must give the same embeddings in plain DJL, and bad requests are 4xx problems naming
 * the item at fault.
 */
class ModelServingIntegrationTest {

    static final String ADMIN = ServedModel.ADMIN;

    final ServedModel served = ServedModel.get();
    final ApiClient api = served.api();

    @Test
    void classifications_over_http_equal_the_checkpoints_in_process_predictions() throws Exception {
        List<byte[]> images = List.of(DatasetFiles.png(16, 16, true, 1), DatasetFiles.png(20, 24, false, 2),
                DatasetFiles.jpeg(16, 16, 3));
        float[][] expected = CheckpointOutputs.of(served.app(), served.checkpoint(), images, false);

        JsonNode multipart = api.upload("/v1/models/served/classifications?topK=2", ADMIN, Map.of(),
                new FilePart("files", "a.png", images.get(0)), new FilePart("files", "b.png", images.get(1)),
                new FilePart("files", "c.jpg", images.get(2))).json();
        JsonNode json = api.post("/v1/models/served@latest/classifications?topK=4", ADMIN, base64Body(images)).json();

        for (int i = 0; i < images.size(); i++) {
            int best = CheckpointOutputs.argmax(expected[i]);
            JsonNode prediction = multipart.get("predictions").get(i);
            assertThat(prediction.get("label").asString()).isEqualTo(CLASSES.get(best));
            assertThat(prediction.get("probability").asDouble()).isCloseTo(expected[i][best], within(1e-5));
            assertThat(prediction.get("top").values()).hasSize(2);
            for (JsonNode label : json.get("predictions").get(i).get("top").values()) {
                assertThat(label.get("probability").asDouble())
                        .isCloseTo(expected[i][label.get("index").asInt()], within(1e-5));
            }
        }
        assertThat(json.get("predictions").get(0).get("top").values()).hasSize(4);
        // The response names what answered: the model, its version and the kind of the served checkpoint.
        String jobKind = served.model().get("versions").get(0).get("jobKind").asString();
        for (JsonNode response : List.of(multipart, json)) {
            assertThat(response.get("model").asString()).isEqualTo("served");
            assertThat(response.get("version").asInt()).isEqualTo(1);
            assertThat(response.get("checkpointKind").asString()).isEqualTo(jobKind).isIn("FINETUNE", "SCRATCH");
        }
    }

    @Test
    void embeddings_over_http_equal_the_in_process_ones_and_normalize_to_unit_length() throws Exception {
        List<byte[]> images = List.of(DatasetFiles.png(16, 16, true, 4), DatasetFiles.png(16, 16, true, 5));
        float[][] expected = CheckpointOutputs.of(served.app(), served.checkpoint(), images, true);

        JsonNode raw = api.post("/v1/models/served/embeddings", ADMIN, base64Body(images)).json();
        JsonNode unit = api.post("/v1/models/served/embeddings?normalize=true", ADMIN, base64Body(images)).json();

        assertThat(raw.get("embeddingSize").asInt()).isEqualTo(expected[0].length);
        for (int i = 0; i < images.size(); i++) {
            List<JsonNode> vector = List.copyOf(raw.get("embeddings").get(i).values());
            assertThat(vector).hasSize(expected[i].length);
            double norm = 0;
            for (int d = 0; d < expected[i].length; d++) {
                assertThat(vector.get(d).asDouble()).isCloseTo(expected[i][d], within(1e-4));
                norm += unit.get("embeddings").get(i).get(d).asDouble() * unit.get("embeddings").get(i).get(d).asDouble();
            }
            assertThat(norm).isCloseTo(1.0, within(1e-4));
        }
        assertThat(api.get("/actuator/prometheus", ADMIN).body())
                .containsPattern("pretext_inference_requests_seconds_count\\{[^}]*model=\"served\"[^}]*operation=\"embeddings\"")
                .contains("pretext_inference_batch_size_count{", "pretext_inference_models_loaded{");
    }

    @Test
    void the_backbone_loads_in_plain_djl_as_the_readme_shows_and_gives_the_services_embeddings() throws Exception {
        byte[] image = PlainDjlBackbone.darkPng(11);
        Path zip = served.dataDir().resolve("backbone.zip");
        java.nio.file.Files.write(zip, api.getBytes("/v1/models/served/backbone", ADMIN).body());

        float[] embedding = PlainDjlBackbone.embed(zip, image);

        JsonNode served = api.post("/v1/models/served/embeddings", ADMIN, base64Body(List.of(image))).json();
        assertThat(embedding).hasSize(served.get("embeddingSize").asInt());
        for (int d = 0; d < embedding.length; d++) {
            assertThat(served.get("embeddings").get(0).get(d).asDouble()).isCloseTo(embedding[d], within(1e-4));
        }
    }

    @Test
    void bad_requests_are_4xx_problems_naming_the_item_and_another_tenant_cannot_use_the_model() {
        String png = Base64.getEncoder().encodeToString(DatasetFiles.png(16, 16, true, 7));
        var notAnImage = api.post("/v1/models/served/classifications", ADMIN,
                "{\"images\": [\"" + png + "\", \"" + Base64.getEncoder().encodeToString("hello".getBytes()) + "\"]}");
        assertThat(notAnImage.status()).isEqualTo(400);
        assertThat(notAnImage.contentType()).startsWith("application/problem+json");
        assertThat(notAnImage.json().at("/errors/0/field").asString()).isEqualTo("images[1]");
        assertThat(notAnImage.json().get("detail").asString()).isEqualTo("images[1]: not a PNG or JPEG");

        assertThat(api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": [\"%%%\"]}").json()
                .get("detail").asString()).isEqualTo("images[0]: not valid base64");
        assertThat(api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": []}").status()).isEqualTo(400);
        var huge = api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": [\""
                + Base64.getEncoder().encodeToString(DatasetFiles.png(80, 80, true, 8)) + "\"]}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("detail").asString()).startsWith("images[0]: 80x80 pixels is more than");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(png);
        }
        assertThat(api.post("/v1/models/served/embeddings", ADMIN, ApiClient.json(Map.of("images", many))).status())
                .isEqualTo(413);
        assertThat(api.post("/v1/models/served/embeddings", ADMIN, "{\"texts\": [\"hi\"]}").status()).isEqualTo(422);
        var bigBody = api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": [\"" + "A".repeat(70_000) + "\"]}");
        assertThat(bigBody.status()).isEqualTo(413);
        assertThat(bigBody.contentType()).startsWith("application/problem+json");
        var bigFile = api.upload("/v1/models/served/embeddings", ADMIN, Map.of(),
                new FilePart("files", "big.png", new byte[50_000]));
        assertThat(bigFile.status()).isEqualTo(413);
        assertThat(bigFile.json().at("/errors/0/field").asString()).isEqualTo("files[0] (big.png)");
        assertThat(api.post("/v1/models/nothing-here/embeddings", ADMIN, "{\"images\": [\"" + png + "\"]}").status())
                .isEqualTo(404);
        assertThat(api.post("/v1/models/served@nope/embeddings", ADMIN, "{\"images\": [\"" + png + "\"]}").status())
                .isEqualTo(404);

        String other = Tenants.newTenantKey(api);
        assertThat(api.post("/v1/models/" + served.model().get("id").asString() + "/embeddings", other,
                "{\"images\": [\"" + png + "\"]}").status()).isEqualTo(404);
    }
}
