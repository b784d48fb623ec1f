package io.pretext.security;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What of a Prometheus text exposition (format 0.0.4 or OpenMetrics) one tenant's scrape key may
 * see: every sample without tenant-specific labels, and samples labelled with its own
 * {@code tenant}. A sample that names a {@code model} but no tenant is dropped: model names are
 * per tenant, and such a series could be anyone's. Comment lines ({@code # HELP}, {@code # TYPE},
 * {@code # EOF}) are kept. Stateless.
 */
final class MetricsVisibility {

    /** The label that says whose a series is (a tenant id). */
    static final String TENANT_LABEL = "tenant";
    /** Labels whose values belong to one tenant, shown only with a {@link #TENANT_LABEL} that is the caller's. */
    private static final String MODEL_LABEL = "model";

    private MetricsVisibility() {
    }

    /** The lines of {@code exposition} that {@code tenantId} may see, in order. */
    static String forTenant(String exposition, UUID tenantId) {
        StringBuilder out = new StringBuilder(exposition.length());
        for (String line : exposition.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("#") || visible(labels(line), tenantId.toString())) {
                out.append(line).append('\n');
            }
        }
        out.setLength(Math.max(0, out.length() - 1)); // split kept the text's own last line ending
        return out.toString();
    }

    private static boolean visible(Map<String, String> labels, String tenantId) {
        String tenant = labels.get(TENANT_LABEL);
        return tenant != null ? tenant.equals(tenantId) : !labels.containsKey(MODEL_LABEL);
    }

    /**
     * The labels of one sample line, {@code name{a="x",b="y"} value}, with escapes
     * ({@code \\}, {@code \"}, {@code \n}) undone. An unreadable label set counts as naming a
     * model, so that it is dropped rather than shown.
     */
    static Map<String, String> labels(String line) {
        Map<String, String> labels = new HashMap<>();
        int open = line.indexOf('{');
        int space = line.indexOf(' ');
        if (open < 0 || (space >= 0 && space < open)) {
            return labels;
        }
        int i = open + 1;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return Map.of(MODEL_LABEL, "");
            }
            String name = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            if (j >= line.length()) {
                return Map.of(MODEL_LABEL, "");
            }
            labels.put(name, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }
}
