/**
 * The {@code aws:} provider: AWS Secrets Manager through the AWS SDK for Java v2. {@link
 * io.ferry.provider.aws.AwsProviderFactory} reads the URI or DSL options, {@link
 * io.ferry.provider.aws.AwsClients} builds the SDK client (credentials, endpoint, TLS,
 * timeouts, no SDK retries), {@link io.ferry.provider.aws.AwsProvider} maps the
 * provider SPI onto Secrets Manager's operations, {@link io.ferry.provider.aws.AwsRecords} maps
 * secrets to and from records and {@link io.ferry.provider.aws.AwsErrors} maps its errors.
 */
package io.ferry.provider.aws;
