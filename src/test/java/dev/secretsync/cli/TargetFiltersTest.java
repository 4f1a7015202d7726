package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditional sync through the CLI, from the Vault emulator into the AWS emulator: {@code include},
 * {@code exclude_keys} and {@code match_metadata} choose exactly which keys reach each account;
 * importing targets inherit the unfiltered bundle; metadata is read only when a target asks for it,
 * and only for the keys the other filters kept; narrowing a filter orphans or deletes by the
 * target's deletion policy.
 */
class TargetFiltersTest {
  static final String BASE = "111111111111";
  static final String PAYMENTS = "222222222222";
  static final String LEGACY = "333333333333";

  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;
  AwsEmulator aws;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault();
    aws = AwsEmulator.start();
    vault.mountKv("app", 2);
    for (String key :
        List.of(
            "config/app",
            "config/db",
            "config/test/app",
            "credentials/db-main",
            "credentials/api",
            "legacy/old",
            "legacy/x/deep")) {
      fx.put("app", key, Map.of("value", "s3cr3t-" + key.replace('/', '-')));
    }
    vault.root().customMetadata("app", "config/app", Map.of("owner", "payments"));
    vault.root().customMetadata("app", "credentials/db-main", Map.of("owner", "payments"));
    vault.root().customMetadata("app", "config/db", Map.of("owner", "risk"));
    vault.root().customMetadata("app", "legacy/old", Map.of("owner", "payments", "tier", "1"));
  }

  @AfterEach
  void stop() {
    aws.close();
    fx.close();
  }

  @Test
  void eachTargetGetsExactlyTheKeysItsFiltersSelect() {
    CliHarness.Result r =
        run(
            """
              Base:
                imports: [app]
                account_id: "111111111111"
                include: {paths: ["^config/", "^credentials/db"]}
                exclude_keys: ["**/test/**"]
              Payments:
                imports: [Base]
                account_id: "222222222222"
                include: {paths: ["^(config|legacy)/"]}
                match_metadata: {owner: payments}
              Legacy:
                imports: [app]
                account_id: "333333333333"
                exclude_keys: ["config/*", "credentials/*", "**/test/**"]
            """);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(names(BASE)).containsExactly("config/app", "config/db", "credentials/db-main");
    // Payments inherits Base's merged bundle before Base's filters: legacy/old reaches it.
    assertThat(names(PAYMENTS)).containsExactly("config/app", "legacy/old");
    assertThat(names(LEGACY)).containsExactly("legacy/old", "legacy/x/deep");
    // One metadata GET per candidate of Payments (config/app, config/db, config/test/app,
    // legacy/old, legacy/x/deep), none for the other targets or the keys include dropped.
    assertThat(vault.count("kv.metadata")).isEqualTo(5);
    assertThat(vault.count("kv.read")).as("each secret read once").isEqualTo(7);
    assertThat(vault.count("sys.mounts")).as("the mount is detected once").isEqualTo(1);
    assertThat(vault.count("auth.login")).isEqualTo(1);
  }

  @Test
  void noMetadataCallWithoutMatchMetadata() {
    CliHarness.Result r =
        run(
            """
              Base:
                imports: [app]
                account_id: "111111111111"
                include: {paths: ["^config/"]}
                exclude_keys: ["config/test/**"]
            """);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(names(BASE)).containsExactly("config/app", "config/db");
    assertThat(vault.count("kv.metadata")).isZero();
    assertThat(vault.count("kv.read")).as("one read per secret, as without filters").isEqualTo(7);
  }

  @Test
  void syncOnlySyncsTheFilteredBundleTheMergeStored() {
    String targets =
        """
          Payments:
            imports: [app]
            account_id: "222222222222"
            exclude_keys: ["legacy/**"]
            match_metadata: {owner: payments}
        """;
    String yaml = config(targets) + "merge_store: {directory: {path: merged}}\n";

    CliHarness.Result merge = fx.pipeline(env(), yaml, "--merge-only");
    vault.resetCounters();
    CliHarness.Result sync = fx.pipeline(env(), yaml, "--sync-only");

    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(names(PAYMENTS)).containsExactly("config/app", "credentials/db-main");
    assertThat(vault.count("kv.metadata")).as("sync-only reads no Vault").isZero();
    assertThat(vault.count("kv.read")).isZero();
  }

  @Test
  void narrowingAFilterOrphansUnderRetainAndDeletesUnderDeleteWithinMaxDeletes() {
    String unfiltered =
        """
          Base: {imports: [app], account_id: "111111111111"%s}
        """;
    assertThat(run(unfiltered.formatted("")).exitCode()).isZero();
    assertThat(names(BASE)).hasSize(7);

    CliHarness.Result retain = run(unfiltered.formatted(", include: {paths: [\"^config/\"]}"));

    assertThat(retain.exitCode()).as(retain.toString()).isZero();
    assertThat(retain.stdout()).contains("4 orphaned");
    assertThat(aws.secrets(BASE, "us-east-1")).noneMatch(AwsSecretView::scheduledForDeletion);

    String delete =
        ", include: {paths: [\"^config/\"]}, deletion: {policy: delete, max_deletes: %d}";
    CliHarness.Result refused = run(unfiltered.formatted(delete.formatted(3)));

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout()).contains("refusing to delete 4 secrets");
    assertThat(aws.secrets(BASE, "us-east-1")).noneMatch(AwsSecretView::scheduledForDeletion);

    CliHarness.Result deleted = run(unfiltered.formatted(delete.formatted(4)));

    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(
            aws.secrets(BASE, "us-east-1").stream()
                .filter(AwsSecretView::scheduledForDeletion)
                .map(AwsSecretView::name)
                .sorted())
        .containsExactly("credentials/api", "credentials/db-main", "legacy/old", "legacy/x/deep");
    assertThat(names(BASE)).containsExactly("config/app", "config/db", "config/test/app");
  }

  @Test
  void badRegexesAndGlobsAreValidationErrorsWithTheirConfigPaths() {
    fx.cli()
        .write(
            "secretsync.yaml",
            config(
                """
                  Base:
                    imports: [app]
                    account_id: "111111111111"
                    include: {paths: ["^config/", "(unclosed"]}
                    exclude_keys: ["ok/*", "a**", "x/[ab"]
                  Files:
                    imports: [files]
                    account_id: "222222222222"
                    match_metadata: {owner: payments}
                  Old:
                    imports: [old]
                    account_id: "333333333333"
                    match_metadata: {owner: payments}
                  Confused:
                    imports: [app]
                    account_id: "444444444444"
                    exclude: ["legacy/*"]
                  Listy:
                    imports: [app]
                    account_id: "555555555555"
                    include: ["^config/"]
                  Empty:
                    imports: [app]
                    account_id: "666666666666"
                    include: {paths: []}
                """));

    CliHarness.Result r = fx.run(fx.appRoleEnv(), "validate", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.all())
        .contains(
            "targets.Base.include.paths[1]: invalid regular expression \"(unclosed\": Unclosed"
                + " group")
        .contains("targets.Base.exclude_keys[1]: invalid glob \"a**\": ** must be a whole path")
        .contains("targets.Base.exclude_keys[2]: invalid glob \"x/[ab\": unclosed [ at position 3")
        .contains("targets.Files.match_metadata: match_metadata reads Vault KV v2 custom_metadata")
        .contains("targets.Old.match_metadata: source \"old\" is KV version 1")
        .contains(
            "targets.Confused.exclude: unknown key \"exclude\": globs on bundle keys go in"
                + " exclude_keys");
    assertThat(r.all()).doesNotContain("targets.Base.include.paths[0]");
    assertThat(r.all()).doesNotContain("exclude_keys[0]");
  }

  @Test
  void aMountDetectedAsKvV1FailsTheTargetWithAdvice() {
    vault.mountKv("v1", 1);
    fx.put("v1", "config/app", Map.of("value", "v1-secret-value"));

    CliHarness.Result r =
        fx.pipeline(
            env(),
            """
            sources:
              v1: {vault: {mount: v1}}
            aws: {region: us-east-1, endpoint: %s}
            targets:
              Base:
                imports: [v1]
                account_id: "111111111111"
                match_metadata: {owner: payments}
            """
                .formatted(aws.endpoint()));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("mount \"v1\" is KV version 1, which has no custom_metadata")
        .contains("import only KV v2 sources");
    assertThat(names(BASE)).isEmpty();
  }

  private CliHarness.Result run(String targets) {
    return fx.pipeline(env(), config(targets));
  }

  private String config(String targets) {
    return """
        sources:
          app: {vault: {mount: app}}
          files: {file: {path: files}}
          old: {vault: {mount: old, kv_version: "1"}}
        aws:
          region: us-east-1
          endpoint: %s
          role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
        targets:
        %s"""
        .formatted(aws.endpoint(), targets.stripIndent().indent(2));
  }

  private Map<String, String> env() {
    Map<String, String> env = fx.appRoleEnv();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    return env;
  }

  /** Names of the live secrets in {@code account}, sorted, without secretsync's own. */
  private List<String> names(String account) {
    return aws.secrets(account, "us-east-1").stream()
        .filter(s -> !s.scheduledForDeletion())
        .map(AwsSecretView::name)
        .filter(n -> !n.startsWith("secretsync/"))
        .sorted()
        .toList();
  }
}
