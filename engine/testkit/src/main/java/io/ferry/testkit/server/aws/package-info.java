/**
 * An in-process AWS Secrets Manager: the AWS JSON 1.1 protocol with verified Signature Version 4
 * requests, versions with staging labels, idempotent client request tokens, scheduled deletion and
 * tags, so that the real AWS SDK works against it unchanged except for the endpoint.
 */
package io.ferry.testkit.server.aws;
