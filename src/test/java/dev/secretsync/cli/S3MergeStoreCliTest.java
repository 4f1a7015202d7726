package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.S3MockProxy;
import dev.secretsync.testkit.S3MockServer;
import dev.secretsync.testkit.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 merge store through the real CLI: seed fixture as file sources → S3Mock (behind a
 * recording proxy) → file targets.
 */
class S3MergeStoreCliTest extends LocalPipelineTestBase {
  private static final Map<String, String> ENV =
      Map.of(
          "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1");
  private static final Map<String, String> KEYED = withKey(ENV);
  private static final List<String> TARGETS = List.of("Staging", "Production", "Demo");

  private final S3MockServer s3mock = S3MockServer.shared();
  private S3MockProxy proxy;
  private String bucket;

  @BeforeEach
  void useS3() {
    proxy = S3MockProxy.to(s3mock.endpoint());
    bucket = s3mock.newBucket("cli");
    configure(bucket);
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  private void configure(String bucketName) {
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG
            + "merge_store:\n  s3: {bucket: "
            + bucketName
            + ", prefix: merged/, endpoint: \""
            + proxy.endpoint()
            + "\", path_style: true}\n");
  }

  private CliHarness.Result run(Map<String, String> env, String... extra) {
    List<String> args = new ArrayList<>(List.of("pipeline", "--config", "secretsync.yaml"));
    args.addAll(List.of(extra));
    CliHarness.Result r = cli.run(env, args.toArray(String[]::new));
    assertNoSecretValues(r);
    assertThat(r.all()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    return r;
  }

  private CliHarness.Result run(String... extra) {
    return run(ENV, extra);
  }

  private static Map<String, String> withKey(Map<String, String> env) {
    Map<String, String> out = new HashMap<>(env);
    out.put("SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT);
    return out;
  }

  /** The key the store generated and keeps beside its bundles. */
  private FingerprintKey storeKey() {
    return FingerprintKey.decode(
        s3mock
            .client()
            .getObjectAsBytes(b -> b.bucket(bucket).key("merged/fingerprint-key"))
            .asUtf8String());
  }

  private static String key(String target) {
    return "merged/bundles/" + target + ".json";
  }

  private HeadObjectResponse head(String target) {
    return s3mock.client().headObject(b -> b.bucket(bucket).key(key(target)));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> body(String target) throws IOException {
    byte[] bytes =
        s3mock.client().getObjectAsBytes(b -> b.bucket(bucket).key(key(target))).asByteArray();
    return JSON.readValue(bytes, Map.class);
  }

  /** Relative path → sha256 of every file under {@code root} (content only, not mtimes). */
  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        out.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRunStoresOneEncryptedJsonObjectPerTargetWithItsFingerprint() throws Exception {
    CliHarness.Result r = run();
    assertThat(r.exitCode()).as(r.toString()).isZero();

    assertThat(
            s3mock.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .filter(k -> !k.startsWith("merged/history/")))
        .containsExactlyInAnyOrder(
            key("Staging"), key("Production"), key("Demo"), "merged/fingerprint-key");
    for (String target : TARGETS) {
      Map<String, Object> body = body(target);
      Map<String, Map<String, Object>> secrets =
          (Map<String, Map<String, Object>>) body.get("secrets");
      assertThat(body.get("target")).isEqualTo(target);
      assertThat(secrets).hasSize(7);
      // The stored bundle is exactly what the file target received.
      Map<SecretKey, Secret> bundle = new TreeMap<>();
      for (var e : secrets.entrySet()) {
        String file = "out/" + target.toLowerCase() + "/" + e.getKey() + ".json";
        assertThat(readJson(file)).as(file).isEqualTo(e.getValue());
        bundle.put(SecretKey.of(e.getKey()), Secret.of(e.getValue()));
      }
      String fingerprint = Bundle.of(bundle).fingerprint(storeKey()).hex();
      assertThat(body.get("fingerprint")).isEqualTo(fingerprint);

      HeadObjectResponse head = head(target);
      assertThat(head.contentType()).isEqualTo("application/json");
      assertThat(head.metadata()).containsEntry("secretsync-fingerprint", fingerprint);
      assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    }
    assertThat(proxy.calls())
        .filteredOn(c -> c.method().equals("PUT") && !c.path().contains("/history/"))
        .as("three bundles and the store's fingerprint key, each created only if absent")
        .hasSize(4)
        .allSatisfy(
            c ->
                assertThat(c.headers())
                    .containsEntry("if-none-match", "*")
                    .containsEntry("x-amz-server-side-encryption", "AES256"));
  }

  @Test
  void aSecondRunWritesNothingAndAChangedSourceRewritesWithIfMatch() throws Exception {
    assertThat(run().exitCode()).isZero();
    Map<String, HeadObjectResponse> before = new TreeMap<>();
    TARGETS.forEach(t -> before.put(t, head(t)));
    // LastModified has one-second resolution: wait so that a rewrite would show.
    Thread.sleep(1100);
    proxy.clear();

    CliHarness.Result again = run("--exit-code");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(proxy.count("PUT", "")).as("PutObject calls").isZero();
    assertThat(proxy.count("GET", ".json")).as("GetObject calls of bundles").isZero();
    assertThat(proxy.count("GET", "fingerprint-key")).as("the store's key, once").isEqualTo(1);
    assertThat(proxy.count("HEAD", "")).as("one HeadObject per target").isEqualTo(3);
    for (String t : TARGETS) {
      HeadObjectResponse now = head(t);
      assertThat(now.eTag()).isEqualTo(before.get(t).eTag());
      assertThat(now.lastModified()).isEqualTo(before.get(t).lastModified());
    }

    cli.write(
        "sources/analytics/config/api.json",
        "{\"base_url\": \"https://api.analytics.internal\", \"timeout_ms\": 1000}");
    proxy.clear();
    assertThat(run().exitCode()).isZero();
    assertThat(proxy.calls())
        .filteredOn(c -> c.method().equals("PUT") && c.path().contains("/bundles/"))
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.headers()).doesNotContainKey("if-none-match"))
        .extracting(c -> c.headers().get("if-match"))
        .containsExactlyInAnyOrderElementsOf(
            TARGETS.stream().map(t -> before.get(t).eTag()).toList());
  }

  @Test
  void mergeOnlyThenSyncOnlyGivesWhatOneFullRunGives() throws Exception {
    // One configured key, so that both ways write the same manifests.
    assertThat(run(KEYED).exitCode()).isZero();
    Map<String, String> fullRun = contents(dir.resolve("out"));
    assertThat(fullRun).hasSize(3 * 8);
    deleteTree(dir.resolve("out"));
    configure(s3mock.newBucket("phases"));
    proxy.clear();

    CliHarness.Result merge = run(KEYED, "--merge-only");
    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(proxy.calls())
        .filteredOn(c -> c.method().equals("PUT") && c.path().contains("/bundles/"))
        .hasSize(3);
    proxy.clear();

    CliHarness.Result sync = run(KEYED, "--sync-only");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(proxy.count("GET", ".json")).as("one GetObject per target").isEqualTo(3);
    assertThat(proxy.calls()).as("nothing but reads").allMatch(c -> c.method().equals("GET"));
    assertThat(contents(dir.resolve("out"))).isEqualTo(fullRun);
  }

  @Test
  void aWriterBetweenDescribeAndSaveFailsTheTargetAndARerunRecovers() throws Exception {
    assertThat(run().exitCode()).isZero();
    cli.write(
        "sources/analytics/config/api.json",
        "{\"base_url\": \"https://api.analytics.internal\", \"timeout_ms\": 1000}");
    // Another run stores Staging after this run's HEAD and before its PUT.
    String theirs = "{\"target\":\"Staging\",\"secrets\":{}}";
    AtomicBoolean raced = new AtomicBoolean();
    proxy.onRequest(
        c -> {
          if (c.method().equals("PUT")
              && c.path().endsWith(key("Staging"))
              && raced.compareAndSet(false, true)) {
            s3mock
                .client()
                .putObject(
                    b -> b.bucket(bucket).key(key("Staging")), RequestBody.fromString(theirs));
          }
          return Optional.empty();
        });

    CliHarness.Result r = run();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    String message =
        "merge store changed underneath this run: s3://"
            + bucket
            + "/"
            + key("Staging")
            + " was modified by someone else; re-run";
    assertThat(r.stdout())
        .contains("FAILED: merge failed: " + message)
        .contains("skipped: depends on failed target Staging");
    assertThat(r.stderr()).contains("target Staging: merge failed: " + message);
    assertThat(
            new String(
                s3mock
                    .client()
                    .getObjectAsBytes(b -> b.bucket(bucket).key(key("Staging")))
                    .asByteArray()))
        .as("the other writer's object is not overwritten")
        .isEqualTo(theirs);

    CliHarness.Result rerun = run();
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(body("Staging").get("fingerprint"))
        .isEqualTo(head("Staging").metadata().get("secretsync-fingerprint"));
  }

  @Test
  void a409ConditionalRequestConflictIsRetriedOnCreateAndOnReplace() throws Exception {
    AtomicInteger left = proxy.conflictNextConditionalPuts(3);

    CliHarness.Result created = run();

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(left).as("every injected conflict was answered").hasValue(0);
    assertThat(proxy.calls().stream().filter(c -> c.method().equals("PUT") && c.conditional()))
        .as("key object + 3 bundles, plus one retry per 409")
        .hasSize(1 + TARGETS.size() + 3);
    for (String t : TARGETS) {
      assertThat(body(t).get("fingerprint"))
          .isEqualTo(head(t).metadata().get("secretsync-fingerprint"));
    }
    assertThat(created.all())
        .doesNotContain("changed underneath")
        .doesNotContainPattern("(?<![.\\w])409(?!\\w)");

    cli.write(
        "sources/analytics/config/api.json",
        "{\"base_url\": \"https://api.analytics.internal\", \"timeout_ms\": 1000}");
    String staleEtag = head("Staging").eTag();
    proxy.clear();
    left = proxy.conflictNextConditionalPuts(2);

    CliHarness.Result replaced = run();

    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(left).hasValue(0);
    assertThat(proxy.calls())
        .filteredOn(c -> c.method().equals("PUT") && c.path().endsWith(key("Staging")))
        .as("the retries keep If-Match on the ETag this run read")
        .hasSizeGreaterThan(1)
        .allMatch(c -> staleEtag.equals(c.headers().get("if-match")));
    assertThat(head("Staging").eTag()).isNotEqualTo(staleEtag);
    assertThat(dir.resolve("out/staging/config/api.json")).content().contains("1000");
  }

  @Test
  void a409ThatNeverClearsFailsTheTargetAfterBoundedRetries() {
    proxy.conflictNextConditionalPuts(1000);

    CliHarness.Result r = run(KEYED);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "FAILED: merge failed: merge store object s3://"
                + bucket
                + "/"
                + key("Staging")
                + ": S3 still answered 409 ConditionalRequestConflict (a conflicting operation on"
                + " the object) after 4 retries; re-run");
    assertThat(proxy.count("PUT", key("Staging"))).as("first attempt + 4 retries").isEqualTo(5);
  }

  @Test
  void aMissingBucketFailsEachTargetWithOneClearLine() {
    configure("secretsync-no-such-bucket");
    CliHarness.Result r = run();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "FAILED: merge failed: s3 GetObject s3://secretsync-no-such-bucket/"
                + "merged/fingerprint-key"
                + " failed: bucket \"secretsync-no-such-bucket\" does not exist (or is in another"
                + " account) (NoSuchBucket, HTTP 404")
        .contains("skipped: depends on failed target Staging");
    assertThat(r.stderr().lines().filter(l -> l.contains("secretsync-no-such-bucket")))
        .hasSize(1)
        .allMatch(l -> l.contains("ERROR") && l.contains("target Staging: merge failed:"));
  }

  @Test
  void aStoreWithoutConditionalWritesWarnsOnceAndStillStores() {
    proxy.onRequest(
        c ->
            c.method().equals("PUT") && c.conditional()
                ? Optional.of(
                    S3MockProxy.Reply.error(
                        501, "NotImplemented", "A header you provided implies functionality"))
                : Optional.empty());
    CliHarness.Result r = run();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String warning =
        "merge store s3://"
            + bucket
            + "/merged/ does not support conditional writes (NotImplemented); falling back to"
            + " plain writes — concurrent runs may overwrite each other";
    assertThat(r.stderr().lines().filter(l -> l.contains("conditional writes")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .endsWith(warning);
    assertThat(r.stdout()).containsOnlyOnce("warning: " + warning);
    TARGETS.forEach(t -> assertThat(head(t).metadata()).containsKey("secretsync-fingerprint"));
  }

  @Test
  void aDryRunNeverTouchesTheStore() {
    CliHarness.Result r = run("--dry-run");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(proxy.calls()).isEmpty();
  }

  @Test
  void withoutARegionTheRunFailsWithAClearMessage() {
    CliHarness.Result r = run(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.all())
        .contains(
            "merge store s3://"
                + bucket
                + ": no region; set merge_store.s3.region, aws.region or AWS_REGION");
    assertThat(proxy.calls()).isEmpty();
  }

  @Test
  void validateAcceptsTheS3Store() {
    CliHarness.Result r = cli.run(ENV, "validate", "--config", "secretsync.yaml");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
