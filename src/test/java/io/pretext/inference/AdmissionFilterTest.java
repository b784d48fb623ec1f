package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.pretext.web.ProblemResponseWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission through HTTP: the real filter in front of the native routes, the service mocked but
 * admitting through a real {@link AdmissionPolicy} that takes one request at a time. A request
 * held inside the route keeps its place; the next one is refused 429 with {@code Retry-After}
 * before its body is read, and the held one still completes.
 */
@WebMvcTest(InferenceController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({InferenceControllerTest.Properties.class, ProblemResponseWriter.class})
class AdmissionFilterTest {

    static final String BODY = "{\"images\": [\"AQID\"]}";

    @Autowired
    WebApplicationContext context;

    @Autowired
    ProblemResponseWriter problems;

    @Autowired
    JsonMapper json;

    @MockitoBean
    InferenceService inference;

    final AdmissionPolicy policy = new AdmissionPolicy(32, Duration.ZERO, Duration.ofSeconds(2), 1);
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    MockMvcTester mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context)
                .addFilter(new AdmissionFilter(inference, problems, json), "/v1/models/*", "/v2/models/*").build());
        when(inference.admit("pets")).thenAnswer(call -> policy.admit());
        when(inference.admit("pets@2")).thenAnswer(call -> policy.admit());
        when(inference.infer(eq("pets"), eq(Operation.CLASSIFICATIONS), eq("images"), anyList())).thenAnswer(call -> {
            entered.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return new InferenceService.Result(InferenceControllerTest.MODEL, new float[][] {{0.2f, 0.7f, 0.1f}});
        });
    }

    MvcTestResult classify() {
        return mvc.post().uri("/v1/models/pets/classifications?topK=1").contentType(MediaType.APPLICATION_JSON)
                .content(BODY).exchange();
    }

    @Test
    void a_request_beyond_the_limit_gets_429_with_retry_after_while_the_admitted_one_completes() throws Exception {
        CompletableFuture<MvcTestResult> held = CompletableFuture.supplyAsync(this::classify);
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the first request reached the model").isTrue();

        MvcTestResult refused = classify();
        MvcTestResult refusedOpenInference = mvc.post().uri("/v2/models/pets/versions/2/infer")
                .contentType(MediaType.APPLICATION_JSON).content("{\"inputs\": []}").exchange();
        release.countDown();

        assertThat(refused).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .headers().hasValue("Retry-After", "1");
        assertThat(refused).bodyJson().extractingPath("$.detail").asString().contains("retry later");
        assertThat(refusedOpenInference).hasStatus(429).hasContentType(MediaType.APPLICATION_JSON)
                .headers().containsHeader("Retry-After");
        assertThat(refusedOpenInference).bodyJson().extractingPath("$.error").asString().contains("retry later");
        assertThat(held.get(10, TimeUnit.SECONDS)).hasStatusOk();
        assertThat(held.get()).bodyJson().extractingPath("$.predictions[0].label").isEqualTo("dog");

        assertThat(classify()).as("the answered request freed its place").hasStatusOk();
        assertThat(policy.admitted()).isZero();
        verify(inference, times(2)).infer(eq("pets"), eq(Operation.CLASSIFICATIONS), eq("images"), anyList());
    }

    @Test
    void a_path_whose_model_cannot_be_resolved_passes_through_to_the_route_and_other_paths_are_not_admitted() {
        when(inference.admit("ghost")).thenThrow(new io.pretext.web.NotFoundException("Model", "ghost"));
        when(inference.infer(eq("ghost"), eq(Operation.EMBEDDINGS), eq("images"), anyList()))
                .thenThrow(new io.pretext.web.NotFoundException("Model", "ghost"));

        assertThat(mvc.post().uri("/v1/models/ghost/embeddings").contentType(MediaType.APPLICATION_JSON).content(BODY)
                .exchange()).hasStatus(404);
        assertThat(AdmissionFilter.reference("/v1/models/pets/classifications/files")).isEqualTo("pets");
        assertThat(AdmissionFilter.reference("/v1/models/pets%40champion/embeddings/tensor"))
                .isEqualTo("pets@champion");
        assertThat(AdmissionFilter.reference("/v2/models/pets/versions/champion/infer")).isEqualTo("pets@champion");
        assertThat(AdmissionFilter.reference("/v2/models/pets/infer")).isEqualTo("pets");
        assertThat(AdmissionFilter.reference("/v1/models/pets/aliases/champion")).isNull();
        assertThat(AdmissionFilter.reference("/v2/models/pets/ready")).isNull();
    }
}
