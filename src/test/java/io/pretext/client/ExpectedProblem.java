package io.pretext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;

import io.pretext.client.model.Problem;

/** Runs a generated-client call the service must refuse, and reads its body as the generated {@link Problem}. */
final class ExpectedProblem {

    /** A call through the generated client. */
    interface Call {
        Object run() throws ApiException;
    }

    private ExpectedProblem() {
    }

    /** The problem {@code call} fails with, after checking its status and media type. */
    static Problem of(ApiClient client, int status, Call call) throws IOException {
        ApiException error = catchThrowableOfType(ApiException.class, call::run);
        assertThat(error).as("expected %d", status).isNotNull();
        assertThat(error.getCode()).as(error.getResponseBody()).isEqualTo(status);
        assertThat(error.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        Problem problem = client.getObjectMapper().readValue(error.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getTitle()).isNotBlank();
        return problem;
    }
}
