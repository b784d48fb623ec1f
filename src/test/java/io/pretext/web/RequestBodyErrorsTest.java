package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/** What a caller reads when a JSON body has unknown fields or a value of the wrong type. */
@WebMvcTest(RequestBodyErrorsTest.EchoController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({RequestJsonConfiguration.class, UnknownFieldsReset.class, RequestBodyErrorsTest.EchoController.class})
class RequestBodyErrorsTest {

    record Nested(Double lr) {
    }

    record Body(String name, Integer epochs, Nested nested, List<Nested> items) {
    }

    @RestController
    static class EchoController {
        @PostMapping("/test/echo")
        Body echo(@RequestBody Body body) {
            return body;
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Test
    void every_unknown_field_is_listed_at_once_with_its_path() {
        var result = post("""
                {"name": "a", "extra": 1, "nested": {"lr": 0.1, "bogus": {"deep": [1, 2]}},
                 "items": [{"lr": 1}, {"junk": "x"}], "epochs": 3}""");

        assertThat(result).hasStatus(400).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly("extra", "items[1].junk", "nested.bogus");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString()
                .startsWith("unknown field").contains("known fields here: epochs, items, name, nested");
        assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .isEqualTo("3 unknown fields: extra, items[1].junk, nested.bogus");
    }

    @Test
    void unknown_fields_after_and_before_known_ones_deep_in_arrays_keep_their_paths() {
        var result = post("""
                {"items": [{"a": {"b": 1}, "lr": 1, "c": [2]}, {"lr": 2}, {"lr": 3, "d": null}],
                 "nested": {"e": 1, "lr": 2}}""");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly("items[0].a", "items[0].c", "items[2].d", "nested.e");
    }

    @Test
    void a_value_of_the_wrong_type_names_the_expected_type() {
        var result = post("{\"name\": \"a\", \"epochs\": \"ten\"}");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo("epochs");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString()
                .isEqualTo("must be an integer (got \"ten\")");
    }

    @Test
    void unknown_fields_of_objects_read_before_a_type_error_are_reported_with_it() {
        var result = post("{\"nested\": {\"lr\": 1, \"colour\": \"red\"}, \"items\": [{\"lr\": [1]}]}");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly("nested.colour", "items[0].lr");
        assertThat(result).bodyJson().extractingPath("$.errors[1].message").asString().isEqualTo("must be a number");
    }

    @Test
    void a_valid_body_passes_and_other_reads_still_fail_at_an_unknown_field() {
        assertThat(post("{\"name\": \"a\", \"items\": [{\"lr\": 2}]}")).hasStatus(200)
                .bodyJson().extractingPath("$.items[0].lr").isEqualTo(2.0);
        post("{\"unknown\": 1}");

        assertThatThrownBy(() -> json.readValue("{\"unknown\": 1}", Body.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void collection_stops_when_the_request_ends_even_if_no_handler_drained_it() throws Exception {
        UnknownFields.start(); // as a body read that a module's own exception handler answered leaves it
        new UnknownFieldsReset().doFilter(new org.springframework.mock.web.MockHttpServletRequest(),
                new org.springframework.mock.web.MockHttpServletResponse(), (request, response) -> { });

        assertThatThrownBy(() -> json.readValue("{\"unknown\": 1}", Body.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult post(String body) {
        return mvc.post().uri("/test/echo").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }
}
