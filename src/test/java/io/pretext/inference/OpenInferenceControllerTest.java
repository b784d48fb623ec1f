package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.pretext.model.CheckpointKind;
import io.pretext.model.ModelVersion;
import io.pretext.training.ModelCard;
import io.pretext.training.text.TransformerSettings;
import io.pretext.web.NotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The Open Inference Protocol routes' HTTP contract with the service mocked: the protocol's own
 * request and response examples, tensor validation against the model card, and every error as
 * {@code {"error": "..."}}. The mocked service runs the controller's plan on a stand-in model whose
 * embedding of an image is {@code [first pixel, last pixel]}, so the test sees the pixels that
 * would reach the model.
 */
@WebMvcTest(OpenInferenceController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(OpenInferenceControllerTest.Beans.class)
class OpenInferenceControllerTest {

    /** 1 channel of 2x2 pixels: the protocol's example tensor [1, 2, 3, 4] is one such image. */
    static final ModelVersion MODEL = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "mymodel", 3, "p/",
            CheckpointKind.SCRATCH,
            new ModelCard("cnn-small", 1, 2, 2, new float[] {0.5f}, new float[] {0.25f}, List.of("cat", "dog", "bird"),
                    2));
    static final ModelVersion ENCODER = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "encoder", 1, "e/",
            CheckpointKind.PRETRAIN,
            new ModelCard("cnn-small", 1, 2, 2, new float[] {0.5f}, new float[] {0.25f}, null, 2));
    static final ModelVersion TEXT = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "texts", 2, "t/",
            CheckpointKind.FINETUNE,
            ModelCard.forText("transformer", new TransformerSettings(100, 2, 2, 1, 1, 4, "mean"), null));

    /** The slice scans neither configuration properties nor the image preparation bean. */
    @org.springframework.boot.test.context.TestConfiguration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(InferenceProperties.class)
    static class Beans {
        @Bean
        ImagePreparation imagePreparation(InferenceProperties properties) {
            return new ImagePreparation(properties);
        }
    }

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    InferenceService inference;

    @MockitoBean
    ServerReadiness readiness;

    final ModelWorker worker = mock(ModelWorker.class);

    @Test
    void the_protocols_own_example_request_is_refused_with_its_error_object_naming_what_the_model_takes() {
        serve(MODEL);

        // The specification's example, verbatim: two inputs of types an image model does not take.
        var result = infer("/v2/models/mymodel/infer", """
                {
                  "id" : "42",
                  "inputs" : [
                    {
                      "name" : "input0",
                      "shape" : [ 2, 2 ],
                      "datatype" : "UINT32",
                      "data" : [ 1, 2, 3, 4 ]
                    },
                    {
                      "name" : "input1",
                      "shape" : [ 3 ],
                      "datatype" : "BOOL",
                      "data" : [ true ]
                    }
                  ],
                  "outputs" : [
                    {
                      "name" : "output0"
                    }
                  ]
                }
                """);

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isLenientlyEqualTo("{\"error\": \"unknown output 'output0': model mymodel "
                + "version 3 gives embedding, probabilities\"}");
        assertThat(result).bodyJson().extractingPath("$.length()").isEqualTo(1);
    }

    @Test
    void the_protocols_example_exchange_with_this_models_tensor_names_gives_the_examples_response_form() {
        serve(MODEL);

        // The example's request with its data as three 1x2x2 images and the output this model gives.
        var result = infer("/v2/models/mymodel/infer", """
                {"id" : "42",
                 "inputs" : [{"name" : "images", "shape" : [ 3, 1, 2, 2 ], "datatype" : "UINT8",
                              "data" : [ 1, 2, 3, 4, 10, 20, 30, 40, 100, 110, 120, 130 ]}],
                 "outputs" : [{"name" : "embedding"}]}
                """);

        assertThat(result).hasStatusOk();
        // The example response: the request's id, one FP32 output of shape [3, 2], data flat and row-major;
        // the protocol's optional parameters name the kind of checkpoint that answered.
        assertThat(result).bodyJson().isStrictlyEqualTo("""
                {"model_name": "mymodel", "model_version": "3", "id" : "42",
                 "parameters": {"checkpoint_kind": "SCRATCH"},
                 "outputs" : [{"name" : "embedding", "shape" : [ 3, 2 ], "datatype"  : "FP32",
                               "data" : [ 1.0, 4.0, 10.0, 40.0, 100.0, 130.0 ]}]}
                """);
    }

    @Test
    void nested_data_fp32_in_the_unit_range_and_uint8_reach_the_model_as_the_same_pixels_with_both_outputs() {
        serve(MODEL);

        var flat = infer("/v2/models/mymodel/versions/3/infer", tensor("UINT8", "[1, 1, 2, 2]", "[0, 51, 102, 255]"));
        var nested = infer("/v2/models/mymodel/infer", tensor("UINT8", "[1, 1, 2, 2]", "[[[[0, 51], [102, 255]]]]"));
        var unit = infer("/v2/models/mymodel/infer", tensor("FP32", "[1, 1, 2, 2]", "[0.0, 0.2, 0.4, 1.0]"));

        for (MvcTestResult result : List.of(flat, nested, unit)) {
            assertThat(result).hasStatusOk();
            assertThat(result).bodyJson().extractingPath("$.outputs[0].name").isEqualTo("embedding");
            assertThat(result).bodyJson().extractingPath("$.outputs[0].data").isEqualTo(List.of(0.0, 255.0));
            assertThat(result).bodyJson().extractingPath("$.outputs[1].name").isEqualTo("probabilities");
            assertThat(result).bodyJson().extractingPath("$.outputs[1].shape").isEqualTo(List.of(1, 3));
            assertThat(result).bodyJson().doesNotHavePath("$.id");
        }
        verify(inference).run(eq("mymodel@3"), any());
    }

    @Test
    void tensors_that_do_not_fit_the_model_card_are_400s_naming_the_fault() {
        serve(MODEL);

        assertError(infer("/v2/models/mymodel/infer", tensor("UINT8", "[1, 2, 2, 1]", "[1, 2, 3, 4]")), 400,
                "inputs[0].shape [1, 2, 2, 1] does not fit model mymodel version 3, which takes [N, 1, 2, 2] "
                        + "(NCHW: images, channels, height, width)");
        assertError(infer("/v2/models/mymodel/infer", tensor("UINT8", "[1, 1, 2, 2]", "[1, 2, 3]")), 400,
                "inputs[0].data has 3 elements, but its shape makes 4");
        assertError(infer("/v2/models/mymodel/infer", tensor("UINT8", "[1, 1, 2, 2]", "[1, 2, 3, 256]")), 400,
                "inputs[0].data element 3 is 256.0: uint8 pixels are whole numbers from 0 to 255");
        assertError(infer("/v2/models/mymodel/infer", tensor("FP32", "[1, 1, 2, 2]", "[0, 0.5, 1.5, 1]")), 400,
                "inputs[0].data element 2 is 1.5: float32 pixels are in [0, 1]");
        assertError(infer("/v2/models/mymodel/infer", tensor("INT64", "[1, 1, 2, 2]", "[1, 2, 3, 4]")), 400,
                "datatype 'INT64' is not accepted: model mymodel version 3 takes UINT8 or FP32 pixels [N, C, H, W], "
                        + "or BYTES (base64 PNG or JPEG images)");
        assertError(infer("/v2/models/mymodel/infer", tensor("UINT8", "[1, 1, 2, 2]", "\"AQID\"")), 400,
                "inputs[0].data must be an array (flat or nested, row-major)");
        assertError(infer("/v2/models/mymodel/infer", tensor("UINT8", "[300, 1, 2, 2]", "[]")), 413,
                "too many images: 300, at most 256 per request (pretext.inference.max-images)");
        assertError(infer("/v2/models/mymodel/infer", "{\"inputs\": [{\"name\": \"pixels\", \"shape\": [1, 1, 2, 2], "
                + "\"datatype\": \"UINT8\", \"data\": [1, 2, 3, 4]}]}"), 400,
                "unknown input 'pixels': model mymodel version 3 takes 'images'");
    }

    @Test
    void an_encoder_without_a_head_gives_only_the_embedding_and_refuses_probabilities() {
        serve(ENCODER);

        var both = infer("/v2/models/encoder/infer", tensor("UINT8", "[1, 1, 2, 2]", "[1, 2, 3, 4]"));
        var probabilities = infer("/v2/models/encoder/infer", "{\"inputs\": [{\"name\": \"images\", \"shape\": "
                + "[1, 1, 2, 2], \"datatype\": \"UINT8\", \"data\": [1, 2, 3, 4]}], \"outputs\": [{\"name\": "
                + "\"probabilities\"}]}");

        assertThat(both).hasStatusOk();
        assertThat(both).bodyJson().extractingPath("$.outputs.length()").isEqualTo(1);
        assertError(probabilities, 400, "unknown output 'probabilities': model encoder version 1 gives embedding");
    }

    @Test
    void a_text_model_takes_bytes_which_it_tokenises_and_refuses_pixels() {
        serve(TEXT);
        when(worker.encodeTexts(List.of("good film", "bad film"))).thenReturn(new byte[] {7, 0, 0, 0, 9, 0, 0, 0});

        var texts = infer("/v2/models/texts/infer", "{\"inputs\": [{\"name\": \"texts\", \"shape\": [2], "
                + "\"datatype\": \"BYTES\", \"data\": [\"good film\", \"bad film\"]}]}");
        var pixels = infer("/v2/models/texts/infer", "{\"inputs\": [{\"name\": \"texts\", \"shape\": [1, 1, 2, 2], "
                + "\"datatype\": \"UINT8\", \"data\": [1, 2, 3, 4]}]}");

        assertThat(texts).hasStatusOk();
        assertThat(texts).bodyJson().extractingPath("$.outputs[0].shape").isEqualTo(List.of(2, 2));
        assertThat(texts).bodyJson().extractingPath("$.outputs.length()").isEqualTo(1);
        verify(worker).encodeTexts(List.of("good film", "bad film"));
        assertThat(pixels).hasStatus(400);
        assertThat(pixels).bodyJson().extractingPath("$.error").asString().startsWith("datatype 'UINT8' is not accepted");
    }

    @Test
    void the_metadata_lists_every_version_and_the_tensors_of_the_card() {
        when(inference.resolve("mymodel@2")).thenReturn(new ModelVersion(UUID.randomUUID(), MODEL.modelId(), "mymodel",
                2, "p2/", CheckpointKind.FINETUNE, MODEL.card()));
        when(inference.resolve("mymodel")).thenReturn(MODEL);

        var result = mvc.get().uri("/v2/models/mymodel/versions/2").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().isStrictlyEqualTo("""
                {"name": "mymodel", "versions": ["1", "2", "3"], "platform": "pytorch_djl",
                 "inputs": [{"name": "images", "datatype": "UINT8", "shape": [-1, 1, 2, 2]}],
                 "outputs": [{"name": "embedding", "datatype": "FP32", "shape": [-1, 2]},
                             {"name": "probabilities", "datatype": "FP32", "shape": [-1, 3]}]}
                """);
    }

    @Test
    void errors_of_the_service_and_of_the_body_are_the_protocols_error_object() {
        when(inference.resolve("nothing")).thenThrow(new NotFoundException("Model", "nothing"));
        when(inference.run(eq("busy"), any())).thenThrow(new InferenceRejectedException(
                InferenceRejectedException.Reason.QUEUE_FULL, "too many requests are waiting", Duration.ofSeconds(2)));

        var missing = mvc.get().uri("/v2/models/nothing").exchange();
        var busy = infer("/v2/models/busy/infer", tensor("UINT8", "[1, 1, 2, 2]", "[1, 2, 3, 4]"));
        var malformed = infer("/v2/models/mymodel/infer", "{\"inputs\": [");
        var plain = mvc.post().uri("/v2/models/mymodel/infer").contentType(MediaType.TEXT_PLAIN).content("hello")
                .exchange();

        assertThat(missing).hasStatus(404).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(missing).bodyJson().extractingPath("$.error").asString().contains("nothing");
        assertThat(busy).hasStatus(429).hasHeader("Retry-After", "2");
        assertThat(busy).bodyJson().isStrictlyEqualTo("{\"error\": \"too many requests are waiting\"}");
        assertThat(malformed).hasStatus(400).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(malformed).bodyJson().extractingPath("$.error").asString()
                .startsWith("the body is missing or is not an inference request in JSON");
        assertThat(plain).hasStatus(415).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(plain).bodyJson().extractingPath("$.error").asString().isNotBlank();
        verify(inference, never()).run(eq("mymodel"), any());
    }

    @Test
    void an_unreachable_database_is_a_503_error_object_with_retry_after_and_any_other_fault_a_500() {
        when(inference.resolve("gone")).thenThrow(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
        when(inference.resolve("broken")).thenThrow(new IllegalStateException("a bug"));

        var gone = mvc.get().uri("/v2/models/gone").exchange();
        var broken = mvc.get().uri("/v2/models/broken").exchange();

        assertThat(gone).hasStatus(503).hasHeader("Retry-After", "5").hasContentType(MediaType.APPLICATION_JSON);
        assertThat(gone).bodyJson().isStrictlyEqualTo("{\"error\": \"the database is unavailable; retry after 5 s\"}");
        assertThat(broken).hasStatus(500).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(broken).bodyJson().extractingPath("$.error").asString().startsWith("An unexpected error occurred");
    }

    @Test
    void server_metadata_health_probes_and_model_readiness() {
        when(readiness.ready()).thenReturn(true, false);
        when(inference.load("mymodel@champion")).thenReturn(MODEL);

        assertThat(mvc.get().uri("/v2").exchange()).hasStatusOk().bodyJson()
                .isStrictlyEqualTo("{\"name\": \"pretext\", \"version\": \"dev\", \"extensions\": []}");
        assertThat(mvc.get().uri("/v2/health/live").exchange()).hasStatusOk().bodyJson()
                .isStrictlyEqualTo("{\"live\": true}");
        assertThat(mvc.get().uri("/v2/health/ready").exchange()).hasStatusOk().bodyJson()
                .isStrictlyEqualTo("{\"ready\": true}");
        assertThat(mvc.get().uri("/v2/health/ready").exchange()).hasStatus(503).bodyJson()
                .isStrictlyEqualTo("{\"ready\": false}");
        assertThat(mvc.get().uri("/v2/models/mymodel/versions/champion/ready").exchange()).hasStatusOk().bodyJson()
                .isStrictlyEqualTo("{\"name\": \"mymodel\", \"ready\": true}");
        verify(inference).load("mymodel@champion");
    }

    private MvcTestResult infer(String uri, String body) {
        return mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static String tensor(String datatype, String shape, String data) {
        return "{\"inputs\": [{\"name\": \"images\", \"shape\": " + shape + ", \"datatype\": \"" + datatype
                + "\", \"data\": " + data + "}]}";
    }

    private static void assertError(MvcTestResult result, int status, String message) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isStrictlyEqualTo(tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(Map.of("error", message)));
    }

    /** Runs the controller's plan on {@code model}: embeddings {@code [first, last]} input byte, fixed probabilities. */
    @SuppressWarnings("unchecked")
    private void serve(ModelVersion model) {
        when(inference.run(anyString(), any())).thenAnswer(call -> {
            InferenceService.Plan plan = ((Function<ModelVersion, InferenceService.Plan>) call.getArgument(1))
                    .apply(model);
            byte[] input = plan.input().apply(worker);
            int size = input.length / plan.count();
            Map<Operation, float[][]> rows = new EnumMap<>(Operation.class);
            for (Operation operation : plan.operations()) {
                float[][] out = new float[plan.count()][];
                for (int i = 0; i < plan.count(); i++) {
                    out[i] = operation == Operation.EMBEDDINGS
                            ? new float[] {input[i * size] & 0xff, input[(i + 1) * size - 1] & 0xff}
                            : new float[] {0.2f, 0.7f, 0.1f};
                }
                rows.put(operation, out);
            }
            return new InferenceService.Outputs(model, rows);
        });
    }
}
