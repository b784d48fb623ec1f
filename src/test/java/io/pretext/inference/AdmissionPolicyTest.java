package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The admission limit from fake forward-pass timings, without Spring, threads or a clock. */
class AdmissionPolicyTest {

    /** Batches of 32, no fill delay, 2 s timeout, at most 64 admitted. */
    final AdmissionPolicy policy = new AdmissionPolicy(32, Duration.ZERO, Duration.ofSeconds(2), 64);

    List<AdmissionPolicy.Ticket> admitAll(int n) {
        List<AdmissionPolicy.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tickets.add(policy.admit());
        }
        return tickets;
    }

    static InferenceRejectedException refusal(AdmissionPolicy policy) {
        try {
            policy.admit();
        } catch (InferenceRejectedException e) {
            return e;
        }
        throw new AssertionError("admitted");
    }

    @Test
    void before_any_forward_pass_is_measured_the_configured_maximum_is_admitted() {
        admitAll(64);

        InferenceRejectedException refused = refusal(policy);
        assertThat(refused.reason()).isEqualTo(InferenceRejectedException.Reason.OVERLOADED);
        assertThat(refused.tooManyRequests()).isTrue();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void slow_passes_lower_the_limit_to_what_the_timeout_can_serve() {
        // 500 ms per pass of 32 images, 1 image per request: 4 passes fit in 2 s, so 4 x 32 = 128 > 64.
        policy.passed(32, Duration.ofMillis(500));
        assertThat(policy.limit()).isEqualTo(64);

        // 32 images per request: each request is a whole pass, so 4 of them fit.
        for (int i = 0; i < 50; i++) {
            policy.requested(32);
        }
        assertThat(policy.limit()).isEqualTo(4);
        admitAll(4);
        InferenceRejectedException refused = refusal(policy);
        assertThat(refused.reason()).isEqualTo(InferenceRejectedException.Reason.OVERLOADED);
        assertThat(refused.retryAfter()).as("4 passes of 500 ms ahead").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_request_larger_than_a_batch_counts_as_its_passes() {
        // 96 images in 3 passes took 600 ms: 200 ms a pass, 10 passes in 2 s, 320 images of 1-image requests.
        policy.passed(96, Duration.ofMillis(600));
        assertThat(policy.limit()).isEqualTo(64);
        policy.passed(32, Duration.ofMillis(200));
        for (int i = 0; i < 50; i++) {
            policy.requested(64);
        }
        assertThat(policy.limit()).as("2 passes per request, 10 passes fit").isEqualTo(5);
    }

    @Test
    void a_pass_longer_than_the_timeout_still_admits_one_request_at_a_time() {
        policy.passed(1, Duration.ofSeconds(5));

        AdmissionPolicy.Ticket only = policy.admit();
        InferenceRejectedException refused = refusal(policy);
        assertThat(refused.retryAfter()).as("the admitted pass, rounded up to seconds").isEqualTo(Duration.ofSeconds(5));
        only.close();
        assertThat(policy.admit()).isNotNull();
    }

    @Test
    void the_limit_follows_the_measurements_smoothly_and_recovers_when_passes_get_faster() {
        for (int i = 0; i < 50; i++) {
            policy.requested(32);
            policy.passed(32, Duration.ofMillis(1000));
        }
        assertThat(policy.limit()).isEqualTo(2);

        policy.passed(32, Duration.ofMillis(150));
        assertThat(policy.limit()).as("one fast pass moves the average a fifth of the way, to 830 ms")
                .isEqualTo(2);
        for (int i = 0; i < 50; i++) {
            policy.passed(32, Duration.ofMillis(150));
        }
        assertThat(policy.limit()).as("13 passes of 150 ms fit in 2 s").isEqualTo(13);
    }

    @Test
    void the_fill_delay_is_taken_from_the_time_budget() {
        AdmissionPolicy delayed = new AdmissionPolicy(32, Duration.ofMillis(1000), Duration.ofSeconds(2), 64);
        for (int i = 0; i < 50; i++) {
            delayed.requested(32);
        }
        delayed.passed(32, Duration.ofMillis(500));

        assertThat(delayed.limit()).as("(2 s - 1 s) / 500 ms = 2 passes").isEqualTo(2);
    }

    @Test
    void closing_a_ticket_frees_its_place_once() {
        policy.passed(32, Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            policy.requested(32);
        }
        List<AdmissionPolicy.Ticket> tickets = admitAll(2);
        assertThatThrownBy(policy::admit).isInstanceOf(InferenceRejectedException.class);

        tickets.get(0).close();
        tickets.get(0).close();
        assertThat(policy.admitted()).isEqualTo(1);
        policy.admit();
        assertThatThrownBy(policy::admit).isInstanceOf(InferenceRejectedException.class);
    }
}
