package io.ferry.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds metrics in the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and
 * {@code # TYPE} line per metric, then its samples, labels escaped as the format requires. Not
 * thread-safe.
 */
public final class PrometheusText {

    /** The content type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, StringBuilder> metrics = new LinkedHashMap<>();

    /**
     * @param name the metric, ending in {@code _total}
     * @param help what it counts
     * @param labels label names and values, in pairs
     * @param value the count
     * @return this builder
     */
    public PrometheusText counter(String name, String help, double value, String... labels) {
        return sample("counter", name, help, value, labels);
    }

    /**
     * @param name the metric
     * @param help what it measures
     * @param labels label names and values, in pairs
     * @param value the current value
     * @return this builder
     */
    public PrometheusText gauge(String name, String help, double value, String... labels) {
        return sample("gauge", name, help, value, labels);
    }

    private PrometheusText sample(String type, String name, String help, double value, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name and value pairs");
        }
        StringBuilder sb = metrics.computeIfAbsent(name, n -> new StringBuilder()
                .append("# HELP ").append(n).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n')
                .append("# TYPE ").append(n).append(' ').append(type).append('\n'));
        sb.append(name);
        if (labels.length > 0) {
            sb.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                sb.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            sb.append('}');
        }
        sb.append(' ').append(format(value)).append('\n');
        return this;
    }

    private static String escape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** @return the exposition text */
    public String text() {
        StringBuilder out = new StringBuilder();
        metrics.values().forEach(out::append);
        return out.toString();
    }
}
