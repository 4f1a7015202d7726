package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.S3MockProxy;
import dev.secretsync.testkit.S3MockServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code validate --check-s3} through the CLI against S3Mock (behind the recording proxy): HEAD, a
 * create-only probe write read back and removed, and each denial naming the missing S3 action.
 */
class S3ValidateTest extends LocalPipelineTestBase {
  private static final Map<String, String> ENV =
      Map.of(
          "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1");

  private final S3MockServer s3mock = S3MockServer.shared();
  private S3MockProxy proxy;
  private String bucket;

  @BeforeEach
  void useS3() {
    proxy = S3MockProxy.to(s3mock.endpoint());
    bucket = s3mock.newBucket("validate");
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG
            + "merge_store:\n  s3: {bucket: "
            + bucket
            + ", prefix: merged/, endpoint: \""
            + proxy.endpoint()
            + "\", path_style: true}\n");
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  private CliHarness.Result validate() {
    CliHarness.Result r = cli.run(ENV, "validate", "--config", "secretsync.yaml", "--check-s3");
    assertNoSecretValues(r);
    return r;
  }

  private long objects() {
    return s3mock.client().listObjectsV2(b -> b.bucket(bucket)).keyCount();
  }

  private void deny(String method) {
    proxy.onRequest(
        c ->
            c.method().equals(method) && c.path().contains(".secretsync-preflight-")
                ? Optional.of(S3MockProxy.Reply.error(403, "AccessDenied", "Access Denied"))
                : Optional.empty());
  }

  @Test
  void aWritableBucketPassesAndTheProbeIsRemoved() {
    CliHarness.Result r = validate();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("S3: merge store bucket " + bucket);
    assertThat(proxy.calls()).anyMatch(c -> c.method().equals("PUT") && c.conditional());
    assertThat(objects()).isZero();
  }

  @Test
  void aDeniedPutNamesPutObject() {
    deny("PUT");

    CliHarness.Result r = validate();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("error: merge_store.s3: writing ")
        .contains("the role needs s3:PutObject on arn:aws:s3:::" + bucket + "/merged/bundles/*");
    assertThat(objects()).isZero();
  }

  @Test
  void aDeniedGetNamesGetObjectAndTheProbeIsStillRemoved() {
    deny("GET");

    CliHarness.Result r = validate();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("the role needs s3:GetObject");
    assertThat(objects()).isZero();
  }

  @Test
  void aDeniedDeleteNamesDeleteObject() {
    deny("DELETE");

    CliHarness.Result r = validate();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("the role needs s3:DeleteObject");
  }

  @Test
  void aDeniedHeadNamesListBucket() {
    proxy.onRequest(
        c ->
            c.method().equals("HEAD")
                ? Optional.of(new S3MockProxy.Reply(403, ""))
                : Optional.empty());

    CliHarness.Result r = validate();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("the role needs s3:ListBucket on arn:aws:s3:::" + bucket);
    assertThat(proxy.count("PUT", "")).isZero();
  }
}
