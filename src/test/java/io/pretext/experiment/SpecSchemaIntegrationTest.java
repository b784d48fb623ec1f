package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pretext.testing.ApiClient;
import io.pretext.testing.IntegrationTest;
import io.pretext.training.TrainingMethods;
import io.pretext.training.method.ToyFlipMethod;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class SpecSchemaIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void the_openapi_document_lists_the_registrys_methods_encoders_and_strategies() {
        JsonNode schemas = new ApiClient(port).get("/v3/api-docs", null).json().at("/components/schemas");

        assertThat(schemas.at("/TrainingMethod/enum").values()).extracting(JsonNode::asString)
                .containsExactlyElementsOf(TrainingMethods.get().methodNames())
                .contains("simclr", "mlm", "clip", ToyFlipMethod.NAME);
        assertThat(schemas.at("/EncoderName/enum").values()).extracting(JsonNode::asString)
                .containsExactly("cnn-small", "cnn-flat", "resnet20", "resnet32", "resnet18", "transformer-mini", "audio-cnn", "audio-resnet20");
        assertThat(schemas.at("/FinetuneStrategy/enum").values()).extracting(JsonNode::asString)
                .containsExactly("linear", "full", "gradual-unfreeze", "lp-ft", "fixmatch");
        assertThat(schemas.at("/Pretrain/properties/method/$ref").asString())
                .isEqualTo("#/components/schemas/TrainingMethod");
        assertThat(schemas.at("/Finetune/properties/strategy/$ref").asString())
                .isEqualTo("#/components/schemas/FinetuneStrategy");
        assertThat(schemas.at("/ExperimentView/properties/comparison/items/$ref").asString())
                .endsWith("/BaselineComparison");
        assertThat(schemas.at("/BaselineComparison/properties").propertyNames()).containsExactly("dataset",
                "datasetName", "metric", "finetuned", "scratch", "pixels", "gainOverScratch", "gainOverPixels", "best",
                "summary");
        assertThat(schemas.at("/BaselineComparison/properties/best/$ref").asString())
                .isEqualTo("#/components/schemas/ComparisonArm");
        assertThat(schemas.at("/JobKind/enum").values()).extracting(JsonNode::asString)
                .contains("PIXELS");
    }
}
