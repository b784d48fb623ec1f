package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.pretext.model.CheckpointKind;
import io.pretext.model.ModelVersion;
import io.pretext.training.ModelCard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Raw pixel bodies on the native routes with the service mocked: the mocked service applies the
 * controller's pixel function to a 1x2x2 model and answers each image's {@code [first, last]}
 * pixel as its embedding, so the test sees what would reach the model.
 */
@WebMvcTest({InferenceController.class, TensorInferenceController.class})
@AutoConfigureMockMvc(addFilters = false)
@Import(InferenceControllerTest.Properties.class)
class TensorInferenceControllerTest {

    static final ModelVersion MODEL = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "pets", 3, "p/",
            CheckpointKind.FINETUNE,
            new ModelCard("cnn-small", 1, 2, 2, new float[] {0.5f}, new float[] {0.25f}, List.of("cat", "dog"), 2));
    static final MediaType OCTETS = MediaType.APPLICATION_OCTET_STREAM;

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    InferenceService inference;

    @Test
    void uint8_and_little_endian_float32_bodies_reach_the_model_as_the_same_pixels_on_both_paths() {
        serve();
        byte[] uint8 = {0, 51, 102, (byte) 255, 10, 20, 30, 40};
        ByteBuffer float32 = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : uint8) {
            float32.putFloat((b & 0xff) / 255f);
        }

        var published = mvc.post().uri("/v1/models/pets/embeddings/tensor?shape=2,1,2,2").contentType(OCTETS)
                .content(uint8).exchange();
        var shared = mvc.post().uri("/v1/models/pets/embeddings?shape=2&shape=1&shape=2&shape=2&dtype=float32")
                .contentType(OCTETS).content(float32.array()).exchange();

        for (MvcTestResult result : List.of(published, shared)) {
            assertThat(result).hasStatusOk();
            assertThat(result).bodyJson().extractingPath("$.embeddings[0]").isEqualTo(List.of(0.0, 255.0));
            assertThat(result).bodyJson().extractingPath("$.embeddings[1]").isEqualTo(List.of(10.0, 40.0));
        }
    }

    @Test
    void classifications_take_the_same_body_with_top_k() {
        serve();

        var result = mvc.post().uri("/v1/models/pets/classifications/tensor?shape=1,1,2,2&topK=1").contentType(OCTETS)
                .content(new byte[] {1, 2, 3, 4}).exchange();
        var shared = mvc.post().uri("/v1/models/pets/classifications?shape=1,1,2,2").contentType(OCTETS)
                .content(new byte[] {1, 2, 3, 4}).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.predictions[0].label").isEqualTo("dog");
        assertThat(result).bodyJson().extractingPath("$.predictions[0].top.length()").isEqualTo(1);
        assertThat(shared).hasStatusOk();
        assertThat(shared).bodyJson().extractingPath("$.predictions[0].top.length()").isEqualTo(2);
    }

    @Test
    void a_body_or_shape_that_does_not_fit_the_card_is_a_400_problem_naming_the_field() {
        serve();

        assertProblem(post("/v1/models/pets/embeddings/tensor?shape=1,1,2,2", new byte[3]), 400, "body",
                "the body has 3 bytes, but 1 images of 1x2x2 uint8 take 4");
        assertProblem(post("/v1/models/pets/embeddings/tensor?shape=1,2,2,1", new byte[4]), 400, "shape",
                "shape [1, 2, 2, 1] does not fit model pets version 3, which takes [N, 1, 2, 2] (NCHW: images, "
                        + "channels, height, width)");
        assertProblem(post("/v1/models/pets/embeddings/tensor?shape=1,1,2,2&dtype=int8", new byte[4]), 400, "dtype",
                "dtype 'int8' is not a pixel type: use uint8 or float32");
        assertProblem(post("/v1/models/pets/embeddings/tensor?shape=4,4", new byte[4]), 400, "shape",
                "shape [4, 4] is not [N, C, H, W] (NCHW) with every dimension at least 1");
        assertProblem(post("/v1/models/pets/embeddings/tensor?shape=300,1,2,2", new byte[4]), 413, "shape",
                "too many images: 300, at most 256 per request (pretext.inference.max-images)");
        ByteBuffer outside = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0).putFloat(2)
                .putFloat(0).putFloat(0);
        assertProblem(post("/v1/models/pets/embeddings/tensor?shape=1,1,2,2&dtype=float32", outside.array()), 400,
                "body", "body element 1 is 2.0: float32 pixels are in [0, 1]");
        assertThat(post("/v1/models/pets/embeddings/tensor", new byte[4])).hasStatus(400)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(post("/v1/models/pets/classifications/tensor?shape=1,1,2,2&topK=0", new byte[4])).hasStatus(400);
    }

    @Test
    void the_shape_is_checked_before_the_model_is_asked() {
        assertThat(post("/v1/models/pets/embeddings/tensor?shape=0,1,2,2", new byte[0])).hasStatus(400);
        verify(inference, never()).inferPixels(anyString(), any(), anyInt(), any());
    }

    private MvcTestResult post(String uri, byte[] body) {
        return mvc.post().uri(uri).contentType(OCTETS).content(body).exchange();
    }

    private static void assertProblem(MvcTestResult result, int status, String field, String detail) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(detail);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
    }

    /** Applies the pixel function to {@link #MODEL}: embeddings {@code [first, last]} pixel, probabilities fixed. */
    @SuppressWarnings("unchecked")
    private void serve() {
        when(inference.inferPixels(eq("pets"), any(), anyInt(), any())).thenAnswer(call -> {
            Operation operation = call.getArgument(1);
            int count = call.getArgument(2);
            byte[] pixels = ((Function<ModelVersion, byte[]>) call.getArgument(3)).apply(MODEL);
            int size = MODEL.card().inputBytes();
            float[][] rows = new float[count][];
            for (int i = 0; i < count; i++) {
                rows[i] = operation == Operation.EMBEDDINGS
                        ? new float[] {pixels[i * size] & 0xff, pixels[(i + 1) * size - 1] & 0xff}
                        : new float[] {0.3f, 0.7f};
            }
            return new InferenceService.Result(MODEL, rows);
        });
    }
}
