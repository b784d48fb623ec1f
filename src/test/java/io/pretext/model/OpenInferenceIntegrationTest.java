package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static io.pretext.model.ServedModel.CLASSES;
import static io.pretext.model.ServedModel.base64Body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.pretext.dataset.ingest.ImageDecoding;
import io.pretext.testing.ApiClient;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The really trained {@link ServedModel} through the Open Inference Protocol and through raw
 * pixel bodies: both must give what the checkpoint computes in-process for the same pixels, and
 * what the native base64 route gives for the same images; the protocol's probes, metadata and
 * errors, and the same API keys as the native routes.
 */
class OpenInferenceIntegrationTest {

    final ServedModel served = ServedModel.get();
    final ApiClient api = served.api();
    /** 16x16 gray: the card's size, so the pixels are the decoded images unresized. */
    final List<byte[]> images = List.of(DatasetFiles.png(16, 16, true, 21), DatasetFiles.png(16, 16, true, 22));

    @Test
    void v2_tensors_give_the_checkpoints_in_process_embeddings_and_probabilities() throws Exception {
        float[][] embeddings = CheckpointOutputs.of(served.app(), served.checkpoint(), images, true);
        float[][] probabilities = CheckpointOutputs.of(served.app(), served.checkpoint(), images, false);
        byte[] pixels = pixels(images);
        List<Integer> uint8 = new ArrayList<>();
        List<Float> unit = new ArrayList<>();
        for (byte b : pixels) {
            uint8.add(b & 0xff);
            unit.add((b & 0xff) / 255f);
        }

        for (Map<String, Object> input : List.of(
                Map.of("name", "images", "datatype", "UINT8", "shape", List.of(2, 1, 16, 16), "data", uint8),
                Map.of("name", "images", "datatype", "FP32", "shape", List.of(2, 1, 16, 16), "data", unit),
                Map.of("name", "images", "datatype", "BYTES", "shape", List.of(2),
                        "data", images.stream().map(Base64.getEncoder()::encodeToString).toList()))) {
            var response = api.post("/v2/models/served/versions/1/infer", ADMIN,
                    ApiClient.json(Map.of("id", "r-1", "inputs", List.of(input))));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.get("model_name").asString()).isEqualTo("served");
            assertThat(body.get("model_version").asString()).isEqualTo("1");
            assertThat(body.at("/parameters/checkpoint_kind").asString())
                    .isEqualTo(served.model().get("versions").get(0).get("jobKind").asString());
            assertThat(body.get("id").asString()).isEqualTo("r-1");
            assertOutput(body.get("outputs").get(0), "embedding", embeddings, 1e-4);
            assertOutput(body.get("outputs").get(1), "probabilities", probabilities, 1e-5);
        }
    }

    @Test
    void raw_pixel_bodies_classify_as_the_native_base64_route_does() {
        JsonNode expected = api.post("/v1/models/served/classifications?topK=4", ADMIN, base64Body(images)).json();
        byte[] pixels = pixels(images);
        ByteBuffer floats = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : pixels) {
            floats.putFloat((b & 0xff) / 255f);
        }

        JsonNode uint8 = octets("/v1/models/served/classifications/tensor?topK=4&shape=2,1,16,16", pixels);
        JsonNode float32 = octets("/v1/models/served/classifications?topK=4&dtype=float32&shape=2,1,16,16",
                floats.array());

        for (JsonNode answer : List.of(uint8, float32)) {
            for (int i = 0; i < images.size(); i++) {
                JsonNode want = expected.get("predictions").get(i);
                JsonNode got = answer.get("predictions").get(i);
                assertThat(got.get("label").asString()).isEqualTo(want.get("label").asString()).isIn(CLASSES);
                for (int k = 0; k < 4; k++) {
                    assertThat(got.get("top").get(k).get("probability").asDouble())
                            .isCloseTo(want.get("top").get(k).get("probability").asDouble(), within(1e-6));
                }
            }
        }
    }

    @Test
    void probes_metadata_and_errors_speak_the_protocol_with_the_native_keys() {
        assertThat(api.get("/v2/health/live", null).json().get("live").asBoolean()).isTrue();
        assertThat(api.get("/v2/health/ready", null).json().get("ready").asBoolean()).isTrue();
        JsonNode metadata = api.get("/v2/models/" + served.model().get("id").asString(), ADMIN).json();
        assertThat(metadata.get("name").asString()).isEqualTo("served");
        assertThat(metadata.at("/inputs/0/shape").toString()).isEqualTo("[-1,1,16,16]");
        assertThat(metadata.at("/outputs/1/shape").toString()).isEqualTo("[-1," + CLASSES.size() + "]");
        assertThat(api.get("/v2/models/served/ready", ADMIN).json().get("ready").asBoolean()).isTrue();

        String tensor = ApiClient.json(Map.of("inputs", List.of(Map.of("name", "images", "datatype", "UINT8",
                "shape", List.of(1, 1, 16, 15), "data", new int[240]))));
        var wrongShape = api.post("/v2/models/served/infer", ADMIN, tensor);
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongShape.contentType()).startsWith("application/json");
        assertThat(wrongShape.json().get("error").asString()).contains("takes [N, 1, 16, 16]");
        assertThat(api.post("/v2/models/nothing-here/infer", ADMIN, tensor).json().get("error").asString())
                .contains("nothing-here");
        var tooLarge = api.post("/v2/models/served/infer", ADMIN, "{\"inputs\": [], \"pad\": \"" + "x".repeat(70_000)
                + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").asString()).contains("pretext.inference.max-request-size");

        assertThat(api.post("/v2/models/served/infer", null, tensor).status()).isEqualTo(401);
        String reader = Tenants.newTenantKey(api, "read");
        assertThat(api.post("/v2/models/served/infer", reader, tensor).status()).isEqualTo(403);
        assertThat(api.get("/v2/models/served", reader).status()).isEqualTo(404);
    }

    private static void assertOutput(JsonNode output, String name, float[][] expected, double tolerance) {
        assertThat(output.get("name").asString()).isEqualTo(name);
        assertThat(output.get("datatype").asString()).isEqualTo("FP32");
        assertThat(output.get("shape").toString()).isEqualTo("[" + expected.length + "," + expected[0].length + "]");
        List<JsonNode> data = List.copyOf(output.get("data").values());
        assertThat(data).hasSize(expected.length * expected[0].length);
        for (int i = 0; i < expected.length; i++) {
            for (int d = 0; d < expected[i].length; d++) {
                assertThat(data.get(i * expected[i].length + d).asDouble()).isCloseTo(expected[i][d], within(tolerance));
            }
        }
    }

    /** The images as the model reads them: uint8 CHW, one after another. */
    private static byte[] pixels(List<byte[]> images) {
        byte[] all = new byte[images.size() * 256];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(ImageDecoding.decodeChw(images.get(i), 1), 0, all, i * 256, 256);
        }
        return all;
    }

    private JsonNode octets(String path, byte[] body) {
        int port = ((WebServerApplicationContext) served.app()).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
