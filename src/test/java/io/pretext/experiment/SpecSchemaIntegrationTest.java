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

        assertThat(schemas.at("/Pretrain/properties/method/enum").values()).extracting(JsonNode::asString)
                .containsExactlyElementsOf(TrainingMethods.get().methodNames())
                .contains("simclr", "mlm", ToyFlipMethod.NAME);
        assertThat(schemas.at("/Pretrain/properties/encoder/enum").values()).extracting(JsonNode::asString)
                .containsExactly("cnn-small", "resnet20", "resnet32", "resnet18", "transformer-mini");
        assertThat(schemas.at("/Finetune/properties/strategy/enum").values()).extracting(JsonNode::asString)
                .containsExactly("linear", "full", "gradual-unfreeze", "fixmatch");
    }
}
