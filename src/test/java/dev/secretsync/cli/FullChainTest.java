package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.S3MockServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Sources → merge → S3 merge store (S3Mock) → AWS Secrets Manager (emulator), through the CLI. */
class FullChainTest extends AwsTestBase {
  private final S3MockServer s3 = S3MockServer.shared();
  private String bucket;

  @BeforeEach
  void useS3() {
    bucket = s3.newBucket("chain");
    cli.write(
        "secretsync.yaml",
        awsConfig("")
            + "merge_store:\n  s3: {bucket: %s, prefix: merged/, endpoint: %s, path_style: true}\n"
                .formatted(bucket, s3.endpoint()));
  }

  @Override
  java.util.Map<String, String> env() {
    var env = super.env();
    env.put("AWS_REGION", "us-east-1");
    return env;
  }

  @Test
  void mergeOnlyThenSyncOnlyInTwoRunsEqualsOneRun() throws Exception {
    CliHarness.Result merge = pipeline("--merge-only");
    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(objects())
        .containsExactlyInAnyOrder(
            "merged/bundles/Staging.json",
            "merged/bundles/Production.json",
            "merged/bundles/Demo.json",
            "merged/fingerprint-key");
    assertThat(aws.count("secretsmanager.ListSecrets")).as("merge-only touches no target").isZero();

    CliHarness.Result sync = pipeline("--sync-only");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(synced(account)).hasSize(7);
      assertThat(value(account, "config/database")).containsEntry("host", "engineers-db.internal");
    }
    assertConverged();
  }

  @Test
  void aRerunWritesNothingAnywhere() {
    assertThat(pipeline().exitCode()).isZero();
    var etags =
        s3.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
            .map(S3Object::eTag)
            .toList();
    aws.resetCounters();

    CliHarness.Result again = pipeline("--exit-code");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(aws.writeCount()).isZero();
    assertThat(
            s3.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::eTag)
                .toList())
        .isEqualTo(etags);
  }

  /** The objects besides the history entries (see HistoryRollbackTest). */
  private List<String> objects() {
    return s3.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .filter(k -> !k.startsWith("merged/history/"))
        .toList();
  }
}
