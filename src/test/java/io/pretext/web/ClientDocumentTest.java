package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.pretext.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed {@code client/openapi.json}, from which the shipped Java client and the tests'
 * generated client are built, is the live document: the contract cannot drift silently.
 */
@IntegrationTest
class ClientDocumentTest {

    @LocalServerPort
    int port;

    @Test
    void the_committed_client_document_is_the_live_one() throws IOException {
        JsonNode live = LiveDocument.fetch(port);
        JsonNode committed = LiveDocument.read(LiveDocument.COMMITTED);

        assertThat(LiveDocument.differences(committed, live))
                .as("%s differs from the live OpenAPI document. If the API change is intended, refresh it with "
                        + "'cp %s %s' (this test just wrote the live document there), rebuild (the client is "
                        + "generated from it) and commit it.", LiveDocument.COMMITTED, LiveDocument.WRITTEN,
                        LiveDocument.COMMITTED)
                .isEmpty();
    }

    @Test
    void the_differences_name_the_places_that_changed() {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode committed = json.readTree("{\"paths\": {\"/a/b\": {\"get\": 1}}, \"x\": [1, 2], \"same\": true}");
        JsonNode live = json.readTree("{\"same\": true, \"paths\": {\"/a/b\": {\"get\": 2, \"put\": 3}}, \"x\": [1]}");

        assertThat(LiveDocument.differences(committed, live)).containsExactly(
                "/paths/~1a~1b/get: committed 1, live 2", "/paths/~1a~1b/put: committed (absent), live 3",
                "/x: committed [1,2], live [1]");
        assertThat(LiveDocument.differences(live, live)).isEmpty();
    }
}
