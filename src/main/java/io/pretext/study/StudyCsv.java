package io.pretext.study;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A study's results as CSV: one row per (budget, arm, test, metric) cell with its mean, std and
 * seed count, and the arm's paired gain over scratch with its 95% interval (empty where there is
 * none). Numbers are fractions, as in the JSON. Stateless.
 */
final class StudyCsv {

    static final List<String> HEADER = List.of("budget", "arm", "test", "metric", "n", "mean", "std",
            "gain_over_scratch", "ci_low", "ci_high", "ci_excludes_zero", "note");

    private StudyCsv() {
    }

    static String of(StudyResults results) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord(HEADER);
            for (StudyResults.StudyCell cell : results.cells()) {
                StudyResults.StudyGain gain = results.gains().stream().filter(g -> g.budget().equals(cell.budget())
                        && g.arm().equals(cell.arm()) && g.test().equals(cell.test())
                        && g.metric().equals(cell.metric())).findFirst().orElse(null);
                csv.printRecord(cell.budget(), cell.arm(), cell.test(), cell.metric(), cell.n(), text(cell.mean()),
                        text(cell.std()), gain == null ? "" : text(gain.mean()), gain == null ? "" : text(gain.low()),
                        gain == null ? "" : text(gain.high()),
                        gain == null || gain.excludesZero() == null ? "" : gain.excludesZero(),
                        gain == null || gain.note() == null ? "" : gain.note());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String text(Double value) {
        return value == null ? "" : value.toString();
    }
}
