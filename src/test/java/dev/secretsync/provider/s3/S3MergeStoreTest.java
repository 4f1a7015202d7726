package dev.secretsync.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.MergeStore.StoredVersion;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.testkit.S3MockProxy;
import dev.secretsync.testkit.S3MockServer;
import dev.secretsync.testkit.TestKeys;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** {@link S3MergeStore} against S3Mock: layout, metadata, compare-and-set, errors, fallbacks. */
class S3MergeStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALUE = "pa55word-that-must-never-leak";
  private static final Map<String, String> ENV =
      Map.of(
          "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1");

  private static S3MockServer s3mock;
  private static SdkHttpClient http;

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private String bucket;
  private S3MockProxy proxy;

  @BeforeAll
  static void startS3Mock() {
    s3mock = S3MockServer.shared();
    http = ApacheHttpClient.create();
  }

  @AfterAll
  static void closeHttp() {
    http.close();
  }

  @BeforeEach
  void newBucket() {
    bucket = s3mock.newBucket("store");
    proxy = S3MockProxy.to(s3mock.endpoint());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  private S3MergeStore store(URI endpoint, String bucket, String kmsKeyId) {
    var config =
        new MergeStoreConfig.S3(bucket, "merged/", "", kmsKeyId, endpoint.toString(), true);
    var ctx =
        new RunContext(
            "run1", Path.of("."), ENV, 4, null, false, warnings::add, Optional.of(TestKeys.KEY));
    return S3MergeStore.create(
        config,
        AwsConfig.defaults(),
        ctx,
        http,
        name -> new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {},
        0);
  }

  private S3MergeStore store() {
    return store(proxy.endpoint(), bucket, "");
  }

  private static Bundle bundle(String password) {
    return Bundle.of(
        Map.of(
            SecretKey.of("config/database"),
            Secret.of(Map.of("host", "db.internal", "password", password, "port", 5432)),
            SecretKey.of("api/token"),
            Secret.of(Map.of("token", password + "-token"))));
  }

  private HeadObjectResponse head(String key) {
    return s3mock.client().headObject(b -> b.bucket(bucket).key(key));
  }

  private static String changed(String bucket, String target) {
    return "merge store changed underneath this run: s3://"
        + bucket
        + "/merged/bundles/"
        + target
        + ".json was modified by someone else; re-run";
  }

  @Test
  void storesOneJsonObjectPerTargetWithFingerprintMetadataAndSse() throws Exception {
    Bundle b = bundle(VALUE);
    try (S3MergeStore store = store()) {
      assertThat(store.describe()).isEqualTo("s3://" + bucket + "/merged/");
      assertThat(store.describe("Staging")).isEmpty();
      assertThat(store.load("Staging")).isEmpty();

      StoredVersion saved = store.save("Staging", b, Optional.empty());

      HeadObjectResponse head = head("merged/bundles/Staging.json");
      assertThat(saved.version()).isEqualTo(head.eTag());
      assertThat(saved.fingerprint()).isEqualTo(b.fingerprint(TestKeys.KEY));
      assertThat(head.contentType()).isEqualTo("application/json");
      assertThat(head.metadata())
          .containsEntry("secretsync-fingerprint", b.fingerprint(TestKeys.KEY).hex());
      assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);

      Map<?, ?> body =
          JSON.readValue(
              s3mock
                  .client()
                  .getObjectAsBytes(r -> r.bucket(bucket).key("merged/bundles/Staging.json"))
                  .asByteArray(),
              Map.class);
      assertThat(body.get("target")).isEqualTo("Staging");
      assertThat(body.get("fingerprint")).isEqualTo(b.fingerprint(TestKeys.KEY).hex());
      assertThat(body.get("secrets")).isEqualTo(b.toJsonObject());

      assertThat(store.describe("Staging")).contains(saved);
      var loaded = store.load("Staging").orElseThrow();
      assertThat(loaded.bundle()).isEqualTo(b);
      assertThat(loaded.bundle().secrets()).isEqualTo(b.secrets());
      assertThat(loaded.version()).isEqualTo(saved);
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void createUsesIfNoneMatchAndUpdateUsesIfMatchWithTheEtag() {
    try (S3MergeStore store = store()) {
      StoredVersion v1 = store.save("T", bundle("one-value"), Optional.empty());
      StoredVersion v2 = store.save("T", bundle("two-value"), Optional.of(v1.version()));
      assertThat(v2.version()).isNotEqualTo(v1.version());
    }
    var puts = proxy.calls().stream().filter(c -> c.method().equals("PUT")).toList();
    assertThat(puts).hasSize(2);
    assertThat(puts.get(0).headers())
        .containsEntry("if-none-match", "*")
        .doesNotContainKey("if-match");
    assertThat(puts.get(1).headers()).doesNotContainKey("if-none-match").containsKey("if-match");
    assertThat(puts.get(0).headers()).containsEntry("x-amz-server-side-encryption", "AES256");
  }

  @Test
  void aStaleExpectedVersionFailsWithTheChangedMessageAndLeavesTheObjectAlone() {
    try (S3MergeStore store = store()) {
      StoredVersion v1 = store.save("Staging", bundle("first-value"), Optional.empty());
      Bundle theirs = bundle("written-by-another-run");
      store.save("Staging", theirs, Optional.of(v1.version()));

      assertThatThrownBy(
              () -> store.save("Staging", bundle("ours-value"), Optional.of(v1.version())))
          .isInstanceOf(ProviderException.class)
          .hasMessage(changed(bucket, "Staging"))
          .satisfies(e -> assertThat(((ProviderException) e).retryable()).isFalse());

      assertThat(store.describe("Staging").orElseThrow().fingerprint())
          .isEqualTo(theirs.fingerprint(TestKeys.KEY));
    }
  }

  @Test
  void anotherRunHavingStoredTheSameBundleIsNoConflict() {
    try (S3MergeStore store = store()) {
      StoredVersion v1 = store.save("Staging", bundle("first-value"), Optional.empty());
      StoredVersion v2 = store.save("Staging", bundle("same-value"), Optional.of(v1.version()));
      proxy.clear();

      assertThat(store.save("Staging", bundle("same-value"), Optional.of(v1.version())))
          .isEqualTo(v2);
      assertThat(store.save("Staging", bundle("same-value"), Optional.empty())).isEqualTo(v2);
    }
    assertThat(proxy.calls())
        .extracting(S3MockProxy.Call::method)
        .as("refused PUT, then a HEAD that finds the same fingerprint")
        .containsExactly("PUT", "HEAD", "PUT", "HEAD");
  }

  @Test
  void creatingWhatAnotherRunCreatedFirstFails() {
    try (S3MergeStore store = store()) {
      store.save("Staging", bundle("first-value"), Optional.empty());
      assertThatThrownBy(() -> store.save("Staging", bundle("second-value"), Optional.empty()))
          .hasMessage(changed(bucket, "Staging"));
    }
  }

  @Test
  void replacingWhatAnotherRunDeletedFails() {
    try (S3MergeStore store = store()) {
      StoredVersion v1 = store.save("Staging", bundle("first-value"), Optional.empty());
      s3mock.client().deleteObject(b -> b.bucket(bucket).key("merged/bundles/Staging.json"));
      assertThatThrownBy(
              () -> store.save("Staging", bundle("second-value"), Optional.of(v1.version())))
          .hasMessage(changed(bucket, "Staging"));
    }
  }

  @Test
  void sseKmsWithTheConfiguredKey() {
    try (S3MergeStore store = store(proxy.endpoint(), bucket, S3MockServer.KMS_KEY_ID)) {
      store.save("Staging", bundle(VALUE), Optional.empty());
    }
    HeadObjectResponse head = head("merged/bundles/Staging.json");
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).endsWith(S3MockServer.KMS_KEY_ID);
  }

  @Test
  void aDamagedObjectIsReportedWithoutItsContent() {
    String forged =
        "{\"target\":\"Staging\",\"fingerprint\":\""
            + "0".repeat(64)
            + "\",\"key_id\":\""
            + TestKeys.KEY.id()
            + "\",\"secrets\":{\"config/db\":{\"password\":\""
            + VALUE
            + "\"}}}";
    s3mock
        .client()
        .putObject(
            b -> b.bucket(bucket).key("merged/bundles/Staging.json"),
            RequestBody.fromString(forged));
    s3mock
        .client()
        .putObject(
            b -> b.bucket(bucket).key("merged/bundles/Broken.json"),
            RequestBody.fromString("{\"secrets\": {\"a\": \"" + VALUE));
    try (S3MergeStore store = store()) {
      assertThatThrownBy(() -> store.load("Staging"))
          .isInstanceOf(ProviderException.class)
          .hasMessageStartingWith(
              "merge store object s3://" + bucket + "/merged/bundles/Staging.json is damaged:")
          .hasMessageContaining("does not match its fingerprint")
          .hasMessageNotContaining(VALUE);
      assertThatThrownBy(() -> store.load("Broken"))
          .hasMessageContaining("is damaged: it is not valid JSON")
          .hasMessageNotContaining(VALUE);
      // describe() reads metadata only: an object without ours has no fingerprint, so it is
      // rewritten on the next run.
      assertThat(store.describe("Staging").orElseThrow().fingerprint()).isNull();
    }
  }

  @Test
  void aMissingBucketIsNamedWithTheErrorCode() {
    try (S3MergeStore store = store(proxy.endpoint(), "no-such-bucket-here", "")) {
      assertThat(store.describe("Staging")).as("HEAD cannot tell a missing bucket").isEmpty();
      assertThatThrownBy(() -> store.save("Staging", bundle(VALUE), Optional.empty()))
          .isInstanceOf(ProviderException.class)
          .hasMessageStartingWith(
              "s3 PutObject s3://no-such-bucket-here/merged/bundles/Staging.json failed: bucket"
                  + " \"no-such-bucket-here\" does not exist")
          .hasMessageContaining("NoSuchBucket, HTTP 404")
          .hasMessageNotContaining(VALUE);
      assertThatThrownBy(() -> store.load("Staging"))
          .hasMessageContaining("s3 GetObject s3://no-such-bucket-here/")
          .hasMessageContaining("NoSuchBucket");
    }
  }

  @Test
  void accessDeniedNamesCodeAndRequestId() {
    proxy.onRequest(
        c -> Optional.of(S3MockProxy.Reply.error(403, "AccessDenied", "Access Denied")));
    try (S3MergeStore store = store()) {
      assertThatThrownBy(() -> store.save("Staging", bundle(VALUE), Optional.empty()))
          .hasMessage(
              "s3 PutObject s3://"
                  + bucket
                  + "/merged/bundles/Staging.json failed: access denied to bucket \""
                  + bucket
                  + "\"; check the credentials and the bucket policy (s3:GetObject, s3:PutObject, and"
                  + " s3:ListBucket — without it S3 answers 403 instead of 404 for an object not"
                  + " written yet) (AccessDenied, HTTP 403, request id PROXY0REQUEST0ID)");
      assertThatThrownBy(() -> store.describe("Staging"))
          .hasMessageContaining("s3 HeadObject")
          .hasMessageContaining("access denied")
          .hasMessageContaining("HTTP 403");
    }
  }

  @Test
  void anUnreachableStoreIsARetryableFailureNamingTheObject() {
    URI closed;
    try (S3MockProxy gone = S3MockProxy.to(s3mock.endpoint())) {
      closed = gone.endpoint();
    }
    try (S3MergeStore store = store(closed, bucket, "")) {
      assertThatThrownBy(() -> store.describe("Staging"))
          .isInstanceOf(ProviderException.class)
          .hasMessageStartingWith(
              "s3 HeadObject s3://" + bucket + "/merged/bundles/Staging.json failed: cannot reach")
          .satisfies(e -> assertThat(((ProviderException) e).retryable()).isTrue());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "501, NotImplemented, A header you provided implies functionality that is not implemented",
    "400, InvalidArgument, If-None-Match header is not supported"
  })
  void aStoreWithoutConditionalWritesGetsPlainWritesAfterOneWarning(
      int status, String code, String message) {
    proxy.onRequest(
        c ->
            c.method().equals("PUT") && c.conditional()
                ? Optional.of(S3MockProxy.Reply.error(status, code, message))
                : Optional.empty());
    try (S3MergeStore store = store()) {
      StoredVersion v1 = store.save("Staging", bundle("one-value"), Optional.empty());
      store.save("Staging", bundle("two-value"), Optional.of(v1.version()));
      store.save("Production", bundle("one-value"), Optional.empty());
      assertThat(store.load("Staging").orElseThrow().bundle()).isEqualTo(bundle("two-value"));
    }
    assertThat(warnings)
        .containsExactly(
            "merge store s3://"
                + bucket
                + "/merged/ does not support conditional writes ("
                + code
                + "); falling back to plain writes — concurrent runs may overwrite each other");
    var puts = proxy.calls().stream().filter(c -> c.method().equals("PUT")).toList();
    assertThat(puts)
        .extracting(S3MockProxy.Call::conditional)
        .containsExactly(true, false, false, false);
  }

  @Test
  void anOrdinaryBadRequestIsNotTakenForMissingConditionalWrites() {
    proxy.onRequest(
        c ->
            c.method().equals("PUT")
                ? Optional.of(S3MockProxy.Reply.error(400, "InvalidRequest", "Bad digest"))
                : Optional.empty());
    try (S3MergeStore store = store()) {
      assertThatThrownBy(() -> store.save("Staging", bundle(VALUE), Optional.empty()))
          .hasMessageContaining("Bad digest (InvalidRequest, HTTP 400");
    }
    assertThat(warnings).isEmpty();
  }
}
