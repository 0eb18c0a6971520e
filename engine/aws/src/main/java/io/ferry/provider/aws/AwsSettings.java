package io.ferry.provider.aws;

import io.ferry.spi.PlainHttp;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an {@code aws:} provider points and how it behaves, read from a URI
 * ({@code aws:REGION/PREFIX?endpoint=...}) or from the DSL's options ({@code aws(region: ..., prefix: ...)}),
 * which take the same names.
 *
 * @param region the AWS region, such as {@code us-east-1}
 * @param prefix the scope: every key is relative to it, empty for the whole region
 * @param endpoint the endpoint override, or null for the region's public endpoint
 * @param profile the named profile of the shared credentials files, or null
 * @param kmsKeyId the KMS key new and updated secrets are encrypted with, or null
 * @param recoveryWindowDays how many days a deleted secret stays recoverable, 7 to 30
 * @param forceDelete whether deletes skip the recovery window
 * @param ca a PEM file of certificates to trust instead of the JVM's, or null
 */
record AwsSettings(String region, String prefix, URI endpoint, String profile, String kmsKeyId, int recoveryWindowDays,
                   boolean forceDelete, Path ca) {

    /** The options an {@code aws:} provider takes, besides the rate limiter's {@code rate.*}. */
    static final Set<String> OPTIONS = Set.of("region", "prefix", "endpoint", "profile", "kmsKeyId",
            "recoveryWindowDays", "forceDelete", "ca", PlainHttp.OPTION);

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    /**
     * @param spec the URI or DSL options
     * @param context the environment, for {@code AWS_REGION} and relative {@code ca} paths
     * @return the settings
     * @throws IllegalArgumentException naming the option and the fix
     */
    static AwsSettings of(ProviderSpec spec, ProviderContext context) {
        for (String option : spec.options().keySet()) {
            if (!OPTIONS.contains(option) && !option.startsWith("rate.")) {
                throw new IllegalArgumentException("unknown option '" + option + "' in " + spec.toUri()
                        + "; the aws provider takes: " + String.join(", ", OPTIONS.stream().sorted().toList())
                        + " and rate.read, rate.write, rate.list, rate.batch, rate.attempts");
            }
        }
        String location = spec.location();
        int slash = location.indexOf('/');
        String locationRegion = slash < 0 ? location : location.substring(0, slash);
        String locationPrefix = slash < 0 ? "" : location.substring(slash + 1);
        String region = pick(spec, "region", locationRegion);
        if (region.isEmpty()) {
            region = context.environment().getOrDefault("AWS_REGION", context.environment().getOrDefault("AWS_DEFAULT_REGION", ""));
        }
        if (region.isEmpty()) {
            throw new IllegalArgumentException("the aws provider needs a region: write aws:us-east-1/PREFIX, "
                    + "aws(region: 'us-east-1'), or set AWS_REGION");
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("'" + region + "' is not an AWS region name; write one such as us-east-1 "
                    + "or eu-west-2 in " + spec.toUri());
        }
        String prefix = pick(spec, "prefix", locationPrefix);
        String endpoint = spec.option("endpoint", null);
        URI endpointUri = null;
        if (endpoint != null) {
            endpointUri = URI.create(endpoint);
            if (endpointUri.getScheme() == null || endpointUri.getHost() == null
                    || !(endpointUri.getScheme().equals("http") || endpointUri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' is not an http(s) URL; write one such as "
                        + "http://127.0.0.1:4566");
            }
            PlainHttp.check(endpointUri, spec, "endpoint");
        }
        int window = integer(spec, "recoveryWindowDays", 30);
        if (window < 7 || window > 30) {
            throw new IllegalArgumentException("recoveryWindowDays is " + window + "; AWS Secrets Manager keeps a deleted "
                    + "secret recoverable for 7 to 30 days; use forceDelete=true to delete without recovery");
        }
        String forceDelete = spec.option("forceDelete", "false");
        if (!forceDelete.equals("true") && !forceDelete.equals("false")) {
            throw new IllegalArgumentException("forceDelete takes true or false, not '" + forceDelete + "'");
        }
        String ca = spec.option("ca", null);
        return new AwsSettings(region, prefix, endpointUri, spec.option("profile", null), spec.option("kmsKeyId", null),
                window, Boolean.parseBoolean(forceDelete), ca == null ? null : context.resolve(ca));
    }

    /** @return the URL calls go to, for messages */
    String endpointForMessages() {
        return endpoint != null ? endpoint.toString() : "https://secretsmanager." + region + ".amazonaws.com";
    }

    /**
     * @param key a key relative to the scope
     * @return the secret's name in Secrets Manager
     */
    String name(String key) {
        return prefix + key;
    }

    private static String pick(ProviderSpec spec, String option, String fromLocation) {
        String fromOption = spec.option(option, null);
        if (fromOption != null && !fromLocation.isEmpty() && !fromOption.equals(fromLocation)) {
            throw new IllegalArgumentException(spec.toUri() + " gives the " + option + " twice, as '" + fromLocation
                    + "' and '" + fromOption + "'; give it once");
        }
        return fromOption != null ? fromOption : fromLocation;
    }

    private static int integer(ProviderSpec spec, String option, int fallback) {
        String value = spec.option(option, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number of days, not '" + value + "'", e);
        }
    }
}
