package io.pretext.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the data-directory clash as a short startup failure instead of a nest of bean errors. */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop the other instance, set PRETEXT_DATA_DIR to another folder, or set SPRING_DATASOURCE_URL "
                        + "(with SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD) to use an external PostgreSQL.",
                cause);
    }
}
