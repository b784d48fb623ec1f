package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import io.pretext.security.CurrentTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The request's own rules (annotations), answered 400 problem+json naming the field before the
 * service sees the study, so nothing is stored or queued. Security is tested elsewhere.
 */
@WebMvcTest(StudyController.class)
@AutoConfigureMockMvc(addFilters = false)
class StudyControllerTest {

    static final String VALID = """
            {"name": "s", "labeled": "%s", "test": ["%s"], "budgets": [{"labelsPerClass": 10}],
             "arms": ["linear"], "pretrain": {"dataset": "%s", "method": "simclr"}}"""
            .formatted(StudyPlannerTest.POOL, StudyPlannerTest.TEST, StudyPlannerTest.UNLABELED);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    StudyService studies;

    @MockitoBean
    StudyEvents events;

    @MockitoBean
    CurrentTenant tenant;

    @MockitoBean
    StudyCharts charts;

    @Test
    void an_empty_budget_list_is_400_naming_budgets() {
        assertRefused(VALID.replace("[{\"labelsPerClass\": 10}]", "[]"), "budgets");
    }

    @Test
    void an_empty_arm_list_is_400_naming_arms() {
        assertRefused(VALID.replace("[\"linear\"]", "[]"), "arms");
    }

    @Test
    void a_test_id_that_is_no_uuid_is_400_naming_its_entry() {
        assertRefused(VALID.replace(StudyPlannerTest.TEST, "not-a-uuid"), "test[0]");
    }

    @Test
    void a_non_positive_budget_is_400_naming_it() {
        assertRefused(VALID.replace("{\"labelsPerClass\": 10}", "{\"labelFraction\": 0}"), "budgets[0].labelFraction");
        assertRefused(VALID.replace("{\"labelsPerClass\": 10}", "{\"labelFraction\": 1e-200}"),
                "budgets[0].labelFraction");
    }

    @Test
    void a_bad_idempotency_key_is_400() {
        var result = mvc.post().uri("/v1/studies").contentType(MediaType.APPLICATION_JSON).content(VALID)
                .header("Idempotency-Key", "x".repeat(201)).exchange();
        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        verifyNoInteractions(studies);
    }

    private void assertRefused(String body, String field) {
        var result = mvc.post().uri("/v1/studies").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyText().contains("\"" + field + "\"");
        verifyNoInteractions(studies);
    }
}
