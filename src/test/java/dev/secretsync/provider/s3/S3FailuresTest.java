package dev.secretsync.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.spi.ProviderException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Messages for failures S3Mock cannot produce: wrong region, no credentials, 5xx. */
class S3FailuresTest {
  private static final S3StoreSettings SETTINGS =
      S3StoreSettings.resolve(
          new MergeStoreConfig.S3("b", "merged/", "eu-west-1", "", "", false),
          AwsConfig.defaults(),
          Map.of());

  private static S3Exception s3(int status, String code, String requestId) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .requestId(requestId)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("msg").build())
            .build();
  }

  @Test
  void aBucketInAnotherRegionSaysWhichSettingToFix() {
    ProviderException e = S3Failures.of("HeadObject", SETTINGS, "k", s3(301, null, "R1"));
    assertThat(e)
        .hasMessage(
            "s3 HeadObject s3://b/k failed: bucket \"b\" is not in region eu-west-1; set"
                + " merge_store.s3.region to the bucket's region (no error code, HTTP 301,"
                + " request id R1)");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void serverErrorsAreRetryable() {
    ProviderException e = S3Failures.of("PutObject", SETTINGS, "k", s3(503, "SlowDown", "R2"));
    assertThat(e.retryable()).isTrue();
    assertThat(e)
        .hasMessage("s3 PutObject s3://b/k failed: msg (SlowDown, HTTP 503, request id R2)");
  }

  @Test
  void missingCredentialsAreNamedAsSuch() {
    var e =
        S3Failures.of(
            "HeadObject",
            SETTINGS,
            "k",
            SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain ..."));
    assertThat(e)
        .hasMessage(
            "s3 HeadObject s3://b/k failed: no AWS credentials found (set AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, a profile, or a role)");
  }

  @Test
  void conditionalWriteSupportIsRecognisedFromStatusAndMessage() {
    assertThat(S3Failures.conditionalWritesUnsupported(s3(501, "NotImplemented", null))).isTrue();
    assertThat(S3Failures.conditionalWritesUnsupported(s3(400, "InvalidRequest", null))).isFalse();
    assertThat(S3Failures.preconditionFailed(s3(412, "PreconditionFailed", null))).isTrue();
    assertThat(S3Failures.preconditionFailed(s3(409, "ConditionalRequestConflict", null)))
        .as("409 asks for a retry; only 412 means the object changed")
        .isFalse();
    assertThat(S3Failures.preconditionFailed(s3(409, "OperationAborted", null))).isFalse();
    assertThat(S3ConflictRetry.isConflict(s3(409, "ConditionalRequestConflict", null))).isTrue();
    assertThat(S3ConflictRetry.isConflict(s3(409, "OperationAborted", null))).isFalse();
    assertThat(S3ConflictRetry.isConflict(s3(412, "PreconditionFailed", null))).isFalse();
  }
}
