package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyed fingerprints end to end: nothing a principal can see without reading values — AWS version
 * ids, plans, reports, manifests — is a bare SHA-256 of a value, so a low-entropy value (a 4-digit
 * PIN) cannot be recovered from it by brute force.
 */
class KeyedFingerprintTest extends AwsTestBase {
  private static final String KEY_SECRET = "secretsync/fingerprint-key";

  @BeforeEach
  void addPin() {
    cli.write("sources/analytics/config/pin.json", "{\"pin\": \"4711\"}");
  }

  @Test
  void aPinCannotBeRecoveredFromVersionIdsOrPlans() throws Exception {
    CliHarness.Result applied = pipeline("-o", "json");
    cli.write("sources/analytics/config/pin.json", "{\"pin\": \"0815\"}");
    CliHarness.Result plan = pipeline("--dry-run", "-o", "json");
    CliHarness.Result human = pipeline("--dry-run");

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    Set<String> visible = new HashSet<>();
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      secret(account, "config/pin").versionIdsToStages().keySet().forEach(visible::add);
    }
    String printed = applied.all() + plan.all() + human.all();
    for (int pin = 0; pin <= 9999; pin++) {
      String bare = sha256(CanonicalJson.write(Map.of("pin", "%04d".formatted(pin))));
      assertThat(visible).as("bare SHA-256 of PIN %04d as a version id", pin).doesNotContain(bare);
      assertThat(printed)
          .as("PIN %04d from a printed fingerprint", pin)
          .doesNotContain(bare.substring(0, 12));
    }
  }

  @Test
  void versionIdsAreTheHmacUnderTheAccountsOwnKey() throws Exception {
    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      AwsSecretView key = secret(account, KEY_SECRET);
      assertThat(key.tags())
          .containsEntry("secretsync:managed-by", "secretsync")
          .containsEntry("secretsync:purpose", "fingerprint-key")
          .doesNotContainKey("secretsync:target");
      FingerprintKey accountKey = FingerprintKey.decode(key.currentValue());
      assertThat(secret(account, "config/pin").current().orElseThrow().versionId())
          .isEqualTo(accountKey.of(Map.of("pin", "4711")).hex());
    }
    assertThat(secret(STAGING, KEY_SECRET).currentValue())
        .as("each account keeps a key of its own")
        .isNotEqualTo(secret(PRODUCTION, KEY_SECRET).currentValue());
  }

  @Test
  void aNoOpRunReadsEachAccountsKeyOnceAndWritesNothing() {
    assertThat(pipeline().exitCode()).isZero();
    aws.resetCounters();

    CliHarness.Result r = pipeline("--exit-code");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.writeCount()).isZero();
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(aws.count(account, "secretsmanager.GetSecretValue"))
          .as("the key of account %s, once", account)
          .isEqualTo(1);
    }
    assertThat(aws.count("secretsmanager.BatchGetSecretValue")).isZero();
  }

  @Test
  void aDryRunBeforeTheFirstRunCreatesNoKey() {
    CliHarness.Result r = pipeline("--dry-run");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.writeCount()).isZero();
    assertThat(aws.secret(STAGING, REGION, KEY_SECRET)).isEmpty();
    assertThat(r.stdout()).contains("+ config/pin");
  }

  @Test
  void aConfiguredKeyIsUsedEverywhereAndNoKeySecretIsKept() {
    Map<String, String> env = env();
    env.put("SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT);

    CliHarness.Result first = cli.run(env, "pipeline", "--config", "secretsync.yaml");
    aws.resetCounters();
    CliHarness.Result again = cli.run(env, "pipeline", "--config", "secretsync.yaml");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(aws.secret(STAGING, REGION, KEY_SECRET)).isEmpty();
    assertThat(secret(STAGING, "config/pin").current().orElseThrow().versionId())
        .isEqualTo(TestKeys.KEY.of(Map.of("pin", "4711")).hex());
    assertThat(again.exitCode()).isZero();
    assertThat(aws.count("secretsmanager.GetSecretValue")).isZero();
    assertThat(aws.writeCount()).isZero();
    assertNoSecretValues(first);
    assertThat(first.all() + again.all()).doesNotContain(TestKeys.TEXT);
  }

  @Test
  void aShortConfiguredKeyIsAConfigErrorWithItsPath() {
    cli.write("secretsync.yaml", "fingerprint_key: too-short\n" + awsConfig(""));
    Map<String, String> env = env();

    CliHarness.Result fromFile = cli.run(env, "validate", "--config", "secretsync.yaml");
    env.put("SECRETSYNC_FINGERPRINT_KEY", "1234");
    CliHarness.Result fromEnv = cli.run(env, "validate", "--config", "secretsync.yaml");

    assertThat(fromFile.exitCode()).isEqualTo(1);
    assertThat(fromFile.stderr())
        .contains("secretsync.yaml:1:18: fingerprint_key: the key is 9 characters; use at least 16")
        .doesNotContain("too-short");
    assertThat(fromEnv.exitCode()).isEqualTo(1);
    assertThat(fromEnv.stderr())
        .contains("fingerprint_key: SECRETSYNC_FINGERPRINT_KEY is 4 characters");
  }

  @Test
  void aBundleKeyCannotTakeOverTheKeySecret() {
    assertThat(pipeline().exitCode()).isZero();
    String key = secret(STAGING, KEY_SECRET).currentValue();
    cli.write("sources/analytics/secretsync/fingerprint-key.json", "{\"x\": \"y\"}");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all()).contains("reserved for secretsync's fingerprint key");
    assertThat(secret(STAGING, KEY_SECRET).currentValue()).isEqualTo(key);
  }

  @Test
  void fileTargetsAndTheDirectoryStoreKeepTheirKeyBesideTheValues() throws Exception {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          analytics: {file: {path: sources/analytics}}
        merge_store: {directory: {path: merged}}
        targets:
          Local: {type: file, path: out, imports: [analytics]}
        """);

    CliHarness.Result first = pipeline();
    CliHarness.Result again = pipeline("--exit-code");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(again.exitCode()).as("no-op: " + again).isZero();
    Map<String, Object> manifest = readJson("out/.secretsync-manifest.json");
    FingerprintKey fileKey = FingerprintKey.decode((String) manifest.get("fingerprint_key"));
    assertThat(((Map<?, ?>) manifest.get("secrets")).get("config/pin"))
        .isEqualTo(fileKey.of(Map.of("pin", "4711")).hex());
    Path storeKey = dir.resolve("merged/.fingerprint-key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeKey)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("merged/Local.json")))
        .doesNotContain(sha256(CanonicalJson.write(readJson("merged/Local.json").get("secrets"))));
  }

  @Test
  void aKeySecretWeMayNotReadFailsTheTargetWithWhatToGrant() {
    aws.failNext("secretsmanager.GetSecretValue", 1, 400, "AccessDeniedException");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "cannot read or create the fingerprint key secret secretsync/fingerprint-key in"
                + " account")
        .contains(
            "allow secretsmanager:GetSecretValue, CreateSecret and RestoreSecret on it, or"
                + " set fingerprint_key");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
