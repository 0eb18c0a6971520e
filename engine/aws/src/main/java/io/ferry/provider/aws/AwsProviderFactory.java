package io.ferry.provider.aws;

import io.ferry.spi.CallCosts;
import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.pacing.Backoff;
import io.ferry.spi.pacing.RateLimiter;
import io.ferry.spi.pacing.RateLimiter.Operation;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Opens AWS Secrets Manager providers for {@code aws:REGION[/PREFIX][?option=value&...]}, or the
 * DSL's {@code aws(region: 'us-east-1', prefix: 'payments/', ...)} with the same option names:
 * {@code endpoint}, {@code profile}, {@code kmsKeyId}, {@code recoveryWindowDays} (7-30, default 30),
 * {@code forceDelete}, {@code ca} (a PEM file to trust), and the rate limiter's {@code rate.read},
 * {@code rate.write}, {@code rate.list}, {@code rate.attempts}, plus {@code rate.batch} for
 * BatchGetSecretValue.
 */
public final class AwsProviderFactory implements ProviderFactory {

    /** The option that sets BatchGetSecretValue's rate, in calls a second. */
    public static final String BATCH_RATE_OPTION = "rate.batch";

    /** Creates the factory; no work happens until {@link #open}. */
    public AwsProviderFactory() {
    }

    @Override
    public String scheme() {
        return "aws";
    }

    @Override
    public String description() {
        return "AWS Secrets Manager: aws:REGION[/PREFIX][?endpoint=URL&profile=NAME&kmsKeyId=KEY&recoveryWindowDays=7-30"
                + "&forceDelete=true&ca=PEM]";
    }

    @Override
    public Optional<Constraints> constraints() {
        return Optional.of(AwsConstraints.of());
    }

    /**
     * A create is one CreateSecret, tags included; an update reads the secret's versions
     * (DescribeSecret) and puts the value, and tags or describes it again only where those changed.
     * A batch read is BatchGetSecretValue, 20 names a call at its own quota, and a DescribeSecret a
     * key for the metadata it leaves out.
     */
    @Override
    public CallCosts costs(ProviderSpec spec) {
        return RateLimiter.of(AwsErrors.STORE, AwsProvider.QUOTAS, spec).pace(CallCosts.unpaced(AwsErrors.STORE))
                .writes(new CallCosts.Calls(0, 1), new CallCosts.Calls(1, 1))
                .reads(new CallCosts.BatchRead(AwsProvider.BATCH_SIZE, number(spec, BATCH_RATE_OPTION, AwsProvider.BATCH_QUOTA), 1));
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        AwsSettings settings = AwsSettings.of(spec, context);
        RateLimiter limiter = RateLimiter.of(AwsErrors.STORE, AwsProvider.QUOTAS, spec);
        RateLimiter batchLimiter = RateLimiter.of(AwsErrors.STORE + " BatchGetSecretValue",
                Map.of(Operation.READ, number(spec, BATCH_RATE_OPTION, AwsProvider.BATCH_QUOTA)),
                Backoff.DEFAULT, (int) number(spec, RateLimiter.ATTEMPTS_OPTION, 8));
        SdkHttpClient http = AwsClients.http(settings);
        SecretsManagerClient client = AwsClients.create(settings, context.environment(), http);
        return new AwsProvider(spec, settings, http, client, limiter, batchLimiter);
    }

    private static double number(ProviderSpec spec, String option, double fallback) {
        String value = spec.option(option, null);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the message below names the option
        }
        throw new IllegalArgumentException(spec.scheme() + " option '" + option + "' takes a number of at least 0, not '"
                + value + "'");
    }
}
