package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Pins the proxy's injected {@code 409 ConditionalRequestConflict} to S3's documented answer: the
 * error-code list's code, status and message, parsed by the real SDK, for conditional PUTs only.
 */
class S3MockProxyTest {
  private final S3MockServer s3mock = S3MockServer.shared();
  private S3MockProxy proxy;
  private S3Client client;
  private String bucket;

  @BeforeEach
  void start() {
    proxy = S3MockProxy.to(s3mock.endpoint());
    client = S3MockServer.clientFor(proxy.endpoint());
    bucket = s3mock.newBucket("proxy");
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
  }

  @Test
  void theNextConditionalPutsGet409ConditionalRequestConflictAndTheObjectIsUntouched() {
    AtomicInteger left = proxy.conflictNextConditionalPuts(1);

    S3Exception conflict =
        catchThrowableOfType(
            S3Exception.class,
            () ->
                client.putObject(
                    b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("a")));

    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.awsErrorDetails().errorCode()).isEqualTo("ConditionalRequestConflict");
    assertThat(conflict.awsErrorDetails().errorMessage())
        .startsWith(
            "A conflicting operation occurred. If using PutObject you can retry the request.");
    assertThat(conflict.requestId()).isEqualTo("PROXY0REQUEST0ID");
    assertThat(left).hasValue(0);
    assertThat(s3mock.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();

    client.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("a"));
    assertThat(s3mock.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("a");
  }

  @Test
  void unconditionalPutsAndReadsPassThrough() {
    AtomicInteger left = proxy.conflictNextConditionalPuts(1);

    client.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("plain"));

    assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("plain");
    assertThat(left).as("still armed for the next conditional PUT").hasValue(1);
  }
}
