package dev.secretsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  private static final Path FILE = Path.of("/tmp/x/secretsync.yaml");
  private static final String NAME = "secretsync.yaml";
  private static final Set<String> SUPPORTED =
      Set.of("source:file", "target:file", "store:memory", "store:directory");
  private static final Set<String> ALL_PROVIDERS =
      Set.of(
          "source:file",
          "source:vault",
          "target:file",
          "target:aws_secretsmanager",
          "target:github",
          "store:memory",
          "store:directory",
          "store:s3",
          "store:vault");
  private static final Map<String, String> ENV =
      Map.of(
          "VAULT_ROLE_ID", "role-123",
          "VAULT_SECRET_ID", "secret-456",
          "OUT_DIR", "build/out",
          "PAR", "8",
          "EMPTY", "");

  /** The example from DESIGN.md §3, verbatim. */
  private static final String DESIGN_EXAMPLE =
      """
      vault:                          # used by vault sources; env fallbacks: VAULT_ADDR, VAULT_NAMESPACE,
        address: https://vault:8200   #   VAULT_TOKEN / ~/.vault-token, VAULT_ROLE_ID + VAULT_SECRET_ID
        namespace: ""
        auth: {approle: {mount: approle, role_id: "${VAULT_ROLE_ID}", secret_id: "${VAULT_SECRET_ID}"}}
              # or token: {token: ...} | kubernetes: {role, mount} | jwt: {role, mount, token_file|token_env}
        tls: {ca_cert: /path, skip_verify: false}
        max_secrets_per_mount: 100000
        max_traversal_depth: 100
        queue_compaction_threshold: 0 # 0 = min(1000, max_secrets_per_mount/100)
      sources:
        analytics: {vault: {mount: analytics, paths: [""], kv_version: auto}}   # auto | 1 | 2
        base:      {file: {path: ./secrets/base}}   # YAML/JSON files; key = relative path w/o extension
      merge_store:                    # exactly one; none = memory (lives for the run)
        s3: {bucket: b, prefix: merged/, region: us-east-1, kms_key_id: "", endpoint: "", path_style: false}
        # directory: {path: .secretsync/merged}    # local, plaintext, 0600 files, warns
        # vault: {mount: merged-secrets}
      aws:
        region: us-east-1             # AWS_REGION wins when set and this is absent
        endpoint: ""                  # for emulators; AWS_ENDPOINT_URL is honoured too
        role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
        control_tower: {enabled: false, execution_role: {name: AWSControlTowerExecution, path: /}}
      targets:
        Staging:
          type: aws_secretsmanager    # default; also: github, file
          imports: [analytics, data-engineers]
          account_id: "111111111111"  # role: role_arn > role_pattern > control_tower > ambient
          region: us-east-1
          name_prefix: ""
          overrides: {config/app: {environment: staging}}
          tags: {team: platform}
          kms_key_id: ""
          replica_regions: []
          deletion: {policy: retain, recovery_window_days: 7, force: false, max_deletes: 10}
          adopt_unmanaged: false
        Production: {imports: [Staging], account_id: "222222222222"}
      dynamic_targets: {}             # discovery → generated targets (see the discovery issue)
      pipeline: {parallelism: 16, continue_on_error: true, aws_writes_per_second: 40}
      circuit_breaker: {enabled: true, failure_threshold: 5, window: 10s, timeout: 30s, max_requests: 1}
      metrics: {port: 0, address: 127.0.0.1, path: /metrics, push_url: ""}
      logging: {level: info, format: text}   # text | json
      """;

  /** A minimal valid config for the providers this build supports. */
  private static final String MINIMAL =
      """
      sources:
        base: {file: {path: ./secrets/base}}
      targets:
        local: {type: file, path: out, imports: [base]}
      """;

  // ---------------------------------------------------------------- helpers

  private static SecretSyncConfig parse(String yaml) {
    return parse(ENV, SUPPORTED, yaml);
  }

  private static SecretSyncConfig parse(
      Map<String, String> env, Set<String> providers, String yaml) {
    return new ConfigLoader(env, providers).parse(yaml, FILE, NAME);
  }

  private static List<ConfigProblem> problems(String yaml) {
    return problems(ENV, SUPPORTED, yaml);
  }

  private static List<ConfigProblem> problems(
      Map<String, String> env, Set<String> providers, String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> parse(env, providers, yaml));
    assertThat(e).as("expected a ConfigException").isNotNull();
    assertThat(e.problems()).isNotEmpty();
    return e.problems();
  }

  private static List<String> lines(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::toString).toList();
  }

  /** The single problem of {@code yaml}. */
  private static ConfigProblem only(String yaml) {
    List<ConfigProblem> p = problems(yaml);
    assertThat(lines(p)).hasSize(1);
    return p.get(0);
  }

  private static ConfigProblem onlyWith(Set<String> providers, String yaml) {
    List<ConfigProblem> p = problems(ENV, providers, yaml);
    assertThat(lines(p)).hasSize(1);
    return p.get(0);
  }

  /** A file target wrapper around extra target keys. */
  private static String fileTarget(String extra) {
    return """
        sources:
          base: {file: {path: ./s}}
        targets:
          T:
            type: file
            path: out
            imports: [base]
        """
        + extra.indent(4);
  }

  /** An aws target wrapper around extra target keys. */
  private static String awsTarget(String extra) {
    return """
        sources:
          base: {file: {path: ./s}}
        targets:
          T:
            imports: [base]
        """
        + extra.indent(4);
  }

  // ---------------------------------------------------------------- the DESIGN.md example

  @Nested
  class DesignExample {

    @Test
    void everyUnsupportedProviderIsReportedAndNothingElseIsIgnored() {
      List<ConfigProblem> p = problems(DESIGN_EXAMPLE);

      assertThat(lines(p))
          .containsExactly(
              "secretsync.yaml:11:22: sources.analytics.vault: Vault sources are not supported yet"
                  + " in this version of secretsync",
              p.get(1).toString(),
              "secretsync.yaml:24:5: targets.Staging: aws_secretsmanager targets are not supported"
                  + " yet in this version of secretsync",
              "secretsync.yaml:25:26: targets.Staging.imports[1]: unknown source or target"
                  + " \"data-engineers\" (known: Production, Staging, analytics, base)",
              "secretsync.yaml:35:15: targets.Production: aws_secretsmanager targets are not"
                  + " supported yet in this version of secretsync");
      ConfigProblem s3 = p.get(1);
      assertThat(s3.path()).isEqualTo("merge_store.s3");
      assertThat(s3.message()).startsWith("the s3 merge store").contains("not supported yet");
      assertThat(s3.line()).isEqualTo(14);
      assertThat(lines(p)).noneMatch(l -> l.contains("unknown key"));
      assertThat(p).allSatisfy(x -> assertThat(x.file()).isEqualTo(NAME));
    }

    @Test
    void withEveryProviderOnlyTheMissingSourceIsAProblem() {
      List<ConfigProblem> p = problems(ENV, ALL_PROVIDERS, DESIGN_EXAMPLE);
      assertThat(lines(p))
          .containsExactly(
              "secretsync.yaml:25:26: targets.Staging.imports[1]: unknown source or target"
                  + " \"data-engineers\" (known: Production, Staging, analytics, base)");
    }

    @Test
    void bindsEveryValue() {
      String yaml =
          DESIGN_EXAMPLE.replace(
              "  base:      {file: {path: ./secrets/base}}",
              "  base:      {file: {path: ./secrets/base}}\n"
                  + "  data-engineers: {vault: {mount: teams/data, paths: [a, b/c], kv_version: 2}}");
      SecretSyncConfig c = parse(ENV, ALL_PROVIDERS, yaml);

      assertThat(c.file()).isEqualTo(FILE);
      VaultConfig v = c.vault();
      assertThat(v.address()).isEqualTo("https://vault:8200");
      assertThat(v.namespace()).isEmpty();
      assertThat(v.auth().method()).isEqualTo("approle");
      assertThat(v.auth().approle())
          .isEqualTo(new VaultConfig.AppRole("approle", "role-123", "secret-456"));
      assertThat(v.auth().approle().toString()).doesNotContain("secret-456");
      assertThat(v.tls()).isEqualTo(new VaultConfig.Tls("/path", false));
      assertThat(v.maxSecretsPerMount()).isEqualTo(100_000);
      assertThat(v.maxTraversalDepth()).isEqualTo(100);
      assertThat(v.queueCompactionThreshold()).isZero();

      assertThat(c.sources().keySet()).containsExactly("analytics", "base", "data-engineers");
      assertThat(c.sources().get("analytics").kind()).isEqualTo("vault");
      assertThat(c.sources().get("analytics").vault())
          .isEqualTo(new SourceConfig.Vault("analytics", List.of(""), "auto", "", ""));
      assertThat(c.sources().get("data-engineers").vault())
          .isEqualTo(new SourceConfig.Vault("teams/data", List.of("a", "b/c"), "2", "", ""));
      assertThat(c.sources().get("base").kind()).isEqualTo("file");
      assertThat(c.sources().get("base").file()).isEqualTo(new SourceConfig.File("./secrets/base"));
      assertThat(c.resolve(c.sources().get("base").file().path()))
          .isEqualTo(Path.of("/tmp/x/secrets/base"));
      assertThat(c.baseDir()).isEqualTo(Path.of("/tmp/x"));

      assertThat(c.mergeStore().kind()).isEqualTo("s3");
      assertThat(c.mergeStore().s3())
          .isEqualTo(new MergeStoreConfig.S3("b", "merged/", "us-east-1", "", "", false));

      assertThat(c.aws())
          .isEqualTo(
              new AwsConfig(
                  "us-east-1",
                  "",
                  "arn:aws:iam::{{account_id}}:role/SecretSync",
                  new AwsConfig.ControlTower(false, "AWSControlTowerExecution", "/")));

      assertThat(c.targets().keySet()).containsExactly("Staging", "Production");
      TargetConfig staging = c.targets().get("Staging");
      assertThat(staging.type()).isEqualTo(TargetConfig.AWS_SECRETSMANAGER);
      assertThat(staging.imports()).containsExactly("analytics", "data-engineers");
      assertThat(staging.accountId()).isEqualTo("111111111111");
      assertThat(staging.region()).isEqualTo("us-east-1");
      assertThat(staging.namePrefix()).isEmpty();
      assertThat(staging.overrides())
          .isEqualTo(Map.of("config/app", Map.of("environment", "staging")));
      assertThat(staging.tags()).isEqualTo(Map.of("team", "platform"));
      assertThat(staging.kmsKeyId()).isEmpty();
      assertThat(staging.replicaRegions()).isEmpty();
      assertThat(staging.deletion()).isEqualTo(new TargetConfig.Deletion("retain", 7, false, 10));
      assertThat(staging.adoptUnmanaged()).isFalse();
      TargetConfig production = c.targets().get("Production");
      assertThat(production.imports()).containsExactly("Staging");
      assertThat(production.accountId()).isEqualTo("222222222222");
      assertThat(production.type()).isEqualTo(TargetConfig.AWS_SECRETSMANAGER);

      assertThat(c.dynamicTargets()).isEmpty();
      assertThat(c.pipeline()).isEqualTo(new PipelineConfig(16, true, 40));
      assertThat(c.circuitBreaker())
          .isEqualTo(
              new CircuitBreakerConfig(true, 5, Duration.ofSeconds(10), Duration.ofSeconds(30), 1));
      assertThat(c.metrics()).isEqualTo(new MetricsConfig(0, "127.0.0.1", "/metrics", ""));
      assertThat(c.logging()).isEqualTo(new LoggingConfig("info", "text"));
    }

    @Test
    void unsetVaultVariablesAreReported() {
      List<ConfigProblem> p = problems(Map.of(), ALL_PROVIDERS, DESIGN_EXAMPLE);
      assertThat(lines(p))
          .contains(
              "secretsync.yaml:4:45: vault.auth.approle.role_id: environment variable"
                  + " VAULT_ROLE_ID is not set (referenced as ${VAULT_ROLE_ID})",
              "secretsync.yaml:4:76: vault.auth.approle.secret_id: environment variable"
                  + " VAULT_SECRET_ID is not set (referenced as ${VAULT_SECRET_ID})");
    }
  }

  // ---------------------------------------------------------------- targets

  @Test
  void targetShorthandIsAListOfImports() {
    String yaml =
        """
        sources:
          base: {file: {path: ./s}}
        targets:
          Staging: {type: file, path: out, imports: [base]}
          Production: [Staging]
          Demo:
            - Production
            - base
        """;
    SecretSyncConfig c = parse(ENV, ALL_PROVIDERS, yaml);
    TargetConfig production = c.targets().get("Production");
    assertThat(production.name()).isEqualTo("Production");
    assertThat(production.imports()).containsExactly("Staging");
    assertThat(production.type()).isEqualTo(TargetConfig.AWS_SECRETSMANAGER);
    assertThat(production.deletion()).isEqualTo(TargetConfig.Deletion.DEFAULT);
    assertThat(production.overrides()).isEmpty();
    assertThat(c.targets().get("Demo").imports()).containsExactly("Production", "base");
    assertThat(c.targets().keySet()).containsExactly("Staging", "Production", "Demo");

    // With only file targets supported, the shorthand's default type is reported, not ignored.
    assertThat(lines(problems(yaml)))
        .containsExactly(
            "secretsync.yaml:5:15: targets.Production: aws_secretsmanager targets are not"
                + " supported yet in this version of secretsync",
            "secretsync.yaml:7:5: targets.Demo: aws_secretsmanager targets are not supported yet"
                + " in this version of secretsync");
  }

  @Test
  void shorthandUnknownImportIsReportedAtTheImport() {
    String yaml =
        """
        sources:
          base: {file: {path: ./s}}
        targets:
          Staging: {type: file, path: out, imports: [base]}
          Production: [Stg]
        """;
    ConfigProblem p =
        problems(ENV, ALL_PROVIDERS, yaml).stream()
            .filter(x -> x.message().contains("unknown"))
            .findFirst()
            .orElseThrow();
    assertThat(p.path()).isEqualTo("targets.Production.imports[0]");
    assertThat(p.toString())
        .startsWith(
            "secretsync.yaml:5:15: targets.Production.imports[0]: unknown source or target"
                + " \"Stg\"");
  }

  @Test
  void unknownImport() {
    String yaml =
        """
        sources:
          base: {file: {path: ./s}}
        targets:
          Staging: {type: file, path: o-S, imports: [base]}
          Production:
            type: file
            path: o-P
            imports: [Stg]
        """;
    ConfigProblem p = only(yaml);
    assertThat(p.path()).isEqualTo("targets.Production.imports[0]");
    assertThat(p.message()).startsWith("unknown source or target \"Stg\"");
    assertThat(p.toString())
        .contains("targets.Production.imports[0]: unknown source or target \"Stg\"")
        .isEqualTo(
            "secretsync.yaml:8:15: targets.Production.imports[0]: unknown source or target"
                + " \"Stg\" (known: Production, Staging, base)");
  }

  @Test
  void importedTwice() {
    ConfigProblem p =
        only(
            """
            sources:
              base: {file: {path: ./s}}
            targets:
              T: {type: file, path: out, imports: [base, base]}
            """);
    assertThat(p.toString())
        .isEqualTo("secretsync.yaml:4:46: targets.T.imports[1]: \"base\" is imported twice");
  }

  @Test
  void cycle() {
    ConfigProblem p =
        only(
            """
            targets:
              A: {type: file, path: o-A, imports: [B]}
              B: {type: file, path: o-B, imports: [A]}
            """);
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:2:39: targets.A.imports: circular dependency detected in target"
                + " inheritance: A -> B -> A");
  }

  @Test
  void selfImportAndThreeCycle() {
    ConfigProblem self =
        only(
            """
            targets:
              A: {type: file, path: o-A, imports: [A]}
            """);
    assertThat(self.toString())
        .isEqualTo(
            "secretsync.yaml:2:39: targets.A.imports: circular dependency detected in target"
                + " inheritance: A -> A");
    ConfigProblem three =
        only(
            """
            targets:
              C: {type: file, path: o-C, imports: [A]}
              B: {type: file, path: o-B, imports: [C]}
              A: {type: file, path: o-A, imports: [B]}
            """);
    assertThat(three.path()).isEqualTo("targets.A.imports");
    assertThat(three.line()).isEqualTo(4);
    assertThat(three.message())
        .isEqualTo("circular dependency detected in target inheritance: A -> B -> C -> A");
  }

  @Test
  void duplicateKeys() {
    List<ConfigProblem> p =
        problems(
            """
            sources:
              base: {file: {path: ./s}}
            targets:
              A: {type: file, path: out, imports: [base]}
              A: {type: file, path: out2, imports: [base]}
            pipeline:
              parallelism: 1
              parallelism: 2
            """);
    assertThat(lines(p))
        .containsExactly(
            "secretsync.yaml:5:3: targets.A: duplicate key \"A\"",
            "secretsync.yaml:8:3: pipeline.parallelism: duplicate key \"parallelism\"");
  }

  @Test
  void duplicateKeyDoesNotHideOtherProblemsOfTheKeptDefinition() {
    List<ConfigProblem> p =
        problems(
            """
            sources:
              base: {file: {path: ./s}}
            targets:
              A: {type: github, imports: [base]}
              A: {type: file, path: out, imports: [base]}
            """);
    assertThat(lines(p))
        .containsExactly(
            "secretsync.yaml:4:6: targets.A: github targets are not supported yet in this version"
                + " of secretsync",
            "secretsync.yaml:5:3: targets.A: duplicate key \"A\"");
  }

  @Test
  void duplicateKeyInsideOverrides() {
    ConfigProblem p =
        only(
            fileTarget(
                """
                overrides:
                  config/app:
                    environment: staging
                    environment: prod
                """));
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:11:9: targets.T.overrides.config/app.environment: duplicate key"
                + " \"environment\"");
  }

  @Test
  void sourceAndTargetWithTheSameName() {
    ConfigProblem p =
        only(
            """
            sources:
              shared: {file: {path: ./s}}
              other: {file: {path: ./o}}
            targets:
              shared: {type: file, path: out, imports: [other]}
            """);
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:5:11: targets.shared: \"shared\" is both a source and a target:"
                + " rename one (imports name either)");
  }

  @Test
  void invalidOverrideKeys() {
    List<ConfigProblem> p =
        problems(fileTarget("overrides: {a/../b: {x: 1}, /abs: {y: 2}, ok/key: {z: 3}}"));
    assertThat(p)
        .extracting(ConfigProblem::path, ConfigProblem::message)
        .containsExactly(
            tuple("targets.T.overrides.a/../b", "invalid secret key: contains a '..' segment"),
            tuple("targets.T.overrides./abs", "invalid secret key: must not start with '/'"));
    assertThat(p).allSatisfy(x -> assertThat(x.line()).isEqualTo(8));
  }

  @Test
  void overrideMustBeAnObject() {
    ConfigProblem p = only(fileTarget("overrides: {config/app: 5}"));
    assertThat(p.path()).isEqualTo("targets.T.overrides.config/app");
    assertThat(p.message()).startsWith("an override is a JSON object of fields");
    assertThat(only(fileTarget("overrides: [a]")).toString())
        .isEqualTo(
            "secretsync.yaml:8:16: targets.T.overrides: expected a mapping of secret key to"
                + " object");
  }

  @Test
  void overridesAreBoundAsJsonWithInterpolatedStrings() {
    SecretSyncConfig c =
        parse(
            fileTarget(
                """
                overrides:
                  config/app:
                    environment: staging
                    port: 8080
                    ratio: 0.5
                    debug: true
                    none: ~
                    list: [a, 1]
                    nested: {dir: "${OUT_DIR}", price: "$$5"}
                """));
    Map<String, Object> app = c.targets().get("T").overrides().get("config/app");
    assertThat(app)
        .containsEntry("environment", "staging")
        .containsEntry("port", 8080L)
        .containsEntry("ratio", 0.5)
        .containsEntry("debug", true)
        .containsEntry("none", null)
        .containsEntry("list", List.of("a", 1L))
        .containsEntry("nested", Map.of("dir", "build/out", "price", "$5"));
  }

  @Test
  void fileTargetWithoutPath() {
    ConfigProblem p =
        only(
            """
            sources:
              base: {file: {path: ./s}}
            targets:
              T: {type: file, imports: [base]}
            """);
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:4:6: targets.T.path: file targets need path: (the output directory)");
  }

  @Test
  void fileTargetSettings() {
    SecretSyncConfig c = parse(fileTarget("file_mode: \"0640\"\nname_prefix: app/"));
    TargetConfig t = c.targets().get("T");
    assertThat(t.type()).isEqualTo(TargetConfig.FILE);
    assertThat(t.path()).isEqualTo("out");
    assertThat(t.fileMode()).isEqualTo("0640");
    assertThat(t.namePrefix()).isEqualTo("app/");
    assertThat(only(fileTarget("file_mode: \"rwx\"")).toString())
        .isEqualTo(
            "secretsync.yaml:8:16: targets.T.file_mode: expected an octal mode such as 0600");
  }

  @Test
  void awsOnlySettingsOnAFileTarget() {
    List<ConfigProblem> p =
        problems(fileTarget("account_id: \"111111111111\"\nregion: us-east-1\ntags: {a: b}"));
    assertThat(p)
        .extracting(ConfigProblem::path, ConfigProblem::message)
        .containsExactly(
            tuple("targets.T.account_id", "account_id applies to aws_secretsmanager targets only"),
            tuple("targets.T.region", "region applies to aws_secretsmanager targets only"),
            tuple("targets.T.tags", "tags applies to aws_secretsmanager targets only"));
  }

  @Test
  void pathOnAnAwsTargetIsRejected() {
    ConfigProblem p = onlyWith(ALL_PROVIDERS, awsTarget("path: out"));
    assertThat(p.toString())
        .isEqualTo("secretsync.yaml:6:11: targets.T.path: path applies to file targets only");

    List<ConfigProblem> restricted = problems(awsTarget("path: out"));
    assertThat(restricted)
        .extracting(ConfigProblem::path, ConfigProblem::message)
        .containsExactly(
            tuple(
                "targets.T",
                "aws_secretsmanager targets are not supported yet in this version of secretsync"),
            tuple("targets.T.path", "path applies to file targets only"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"12345\"", "\"1234567890123\"", "\"abcdefghijkl\"", "\"11111111111a\""})
  void invalidAccountId(String accountId) {
    ConfigProblem p = onlyWith(ALL_PROVIDERS, awsTarget("account_id: " + accountId));
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:6:17: targets.T.account_id: an AWS account id is 12 digits (quote"
                + " it in YAML)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"111111111111\"", "111111111111", "\"012345678901\"", "012345678901"})
  void validAccountId(String accountId) {
    SecretSyncConfig c = parse(ENV, ALL_PROVIDERS, awsTarget("account_id: " + accountId));
    assertThat(c.targets().get("T").accountId()).isEqualTo(accountId.replace("\"", ""));
  }

  @Test
  void invalidRegion() {
    ConfigProblem p = onlyWith(ALL_PROVIDERS, awsTarget("region: US-EAST-1"));
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:6:13: targets.T.region: \"US-EAST-1\" is not an AWS region name");
  }

  @ParameterizedTest
  @CsvSource({"6, true", "7, false", "30, false", "31, true", "0, true"})
  void recoveryWindowDaysMustBe7To30(int days, boolean problem) {
    String yaml = fileTarget("deletion: {recovery_window_days: " + days + "}");
    if (!problem) {
      assertThat(parse(yaml).targets().get("T").deletion().recoveryWindowDays()).isEqualTo(days);
      return;
    }
    assertThat(only(yaml).toString())
        .isEqualTo(
            "secretsync.yaml:8:38: targets.T.deletion.recovery_window_days: must be between 7"
                + " and 30");
  }

  @Test
  void deletionSettings() {
    TargetConfig.Deletion d =
        parse(
                fileTarget(
                    "deletion: {policy: delete, recovery_window_days: 30, force: yes, max_deletes: 0}"))
            .targets()
            .get("T")
            .deletion();
    assertThat(d).isEqualTo(new TargetConfig.Deletion("delete", 30, true, 0));
    assertThat(d.deletes()).isTrue();
    assertThat(only(fileTarget("deletion: {policy: purge}")).toString())
        .isEqualTo(
            "secretsync.yaml:8:24: targets.T.deletion.policy: \"purge\" is not one of delete,"
                + " retain");
    assertThat(only(fileTarget("deletion: {max_deletes: -1}")).toString())
        .isEqualTo("secretsync.yaml:8:29: targets.T.deletion.max_deletes: must be at least 0");
  }

  @Test
  void targetNeedsImportsOrOverrides() {
    ConfigProblem p = only("targets:\n  T: {type: file, path: out}\n");
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:2:6: targets.T: a target needs imports (sources or targets) or"
                + " overrides");
    // Overrides alone are enough.
    assertThat(parse("targets:\n  T: {type: file, path: out, overrides: {k: {a: 1}}}\n").targets())
        .containsKey("T");
  }

  @Test
  void noTargets() {
    assertThat(only("pipeline: {parallelism: 2}\n").toString())
        .isEqualTo("secretsync.yaml:1:1: targets: no targets: add at least one under targets:");
  }

  @Test
  void invalidNames() {
    List<ConfigProblem> p =
        problems(
            """
            sources:
              "bad source": {file: {path: ./s}}
            targets:
              "-bad": {type: file, path: out, overrides: {k: {a: 1}}}
            """);
    assertThat(lines(p))
        .containsExactly(
            "secretsync.yaml:2:17: sources.bad source: invalid source name \"bad source\": use"
                + " letters, digits, '_', '.', '-' (max 128)",
            "secretsync.yaml:4:11: targets.-bad: invalid target name \"-bad\": use letters,"
                + " digits, '_', '.', '-' (max 128)");
  }

  @Test
  void unsupportedKinds() {
    List<ConfigProblem> p =
        problems(
            """
            sources:
              v: {vault: {mount: kv}}
            merge_store:
              vault: {mount: merged}
            targets:
              G: {type: github, imports: [v]}
            """);
    assertThat(p)
        .extracting(ConfigProblem::path)
        .containsExactly("sources.v.vault", "merge_store.vault", "targets.G");
    assertThat(p).allSatisfy(x -> assertThat(x.message()).contains("not supported yet"));
  }

  @Test
  void sourceNeedsExactlyOneKind() {
    assertThat(
            lines(
                problems(
                    """
                    sources:
                      none: {}
                      both: {file: {path: ./a}, vault: {mount: kv}}
                    targets:
                      T: {type: file, path: out, imports: [none, both]}
                    """)))
        .contains(
            "secretsync.yaml:2:9: sources.none: a source needs exactly one of: vault, file",
            "secretsync.yaml:3:9: sources.both: a source takes one of vault or file, not both");
  }

  @Test
  void mergeStores() {
    assertThat(parse(MINIMAL).mergeStore().kind()).isEqualTo("memory");
    assertThat(parse(MINIMAL + "merge_store: {memory: {}}\n").mergeStore().kind())
        .isEqualTo("memory");
    SecretSyncConfig dir = parse(MINIMAL + "merge_store: {directory: {path: .ss/merged}}\n");
    assertThat(dir.mergeStore().kind()).isEqualTo("directory");
    assertThat(dir.mergeStore().directory().path()).isEqualTo(".ss/merged");
    assertThat(parse(MINIMAL + "merge_store: {directory: {}}\n").mergeStore().directory().path())
        .isEqualTo(".secretsync/merged");
    assertThat(only(MINIMAL + "merge_store: {directory: {path: x}, memory: {}}\n").message())
        .isEqualTo("choose one merge store (s3, directory, vault or memory)");
  }

  // ---------------------------------------------------------------- defaults

  @Test
  void defaults() {
    SecretSyncConfig c = parse(MINIMAL);
    assertThat(c.pipeline().parallelism()).isEqualTo(16);
    assertThat(c.pipeline().continueOnError()).isTrue();
    assertThat(c.pipeline().awsWritesPerSecond()).isEqualTo(40);
    assertThat(c.pipeline()).isEqualTo(PipelineConfig.DEFAULT);

    TargetConfig.Deletion d = c.targets().get("local").deletion();
    assertThat(d.policy()).isEqualTo("retain");
    assertThat(d.recoveryWindowDays()).isEqualTo(7);
    assertThat(d.force()).isFalse();
    assertThat(d.maxDeletes()).isEqualTo(10);
    assertThat(d.deletes()).isFalse();

    CircuitBreakerConfig b = c.circuitBreaker();
    assertThat(b.enabled()).isTrue();
    assertThat(b.failureThreshold()).isEqualTo(5);
    assertThat(b.window()).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.maxRequests()).isEqualTo(1);

    assertThat(c.metrics()).isEqualTo(new MetricsConfig(0, "127.0.0.1", "/metrics", ""));
    assertThat(c.logging()).isEqualTo(new LoggingConfig("info", "text"));
    assertThat(c.vault()).isEqualTo(VaultConfig.defaults());
    assertThat(c.vault().auth().method()).isEqualTo("none");
    assertThat(c.aws()).isEqualTo(AwsConfig.defaults());
    assertThat(c.mergeStore()).isEqualTo(MergeStoreConfig.MEMORY);
    assertThat(c.dynamicTargets()).isEmpty();

    TargetConfig t = c.targets().get("local");
    assertThat(t.fileMode()).isEqualTo("0600");
    assertThat(t.adoptUnmanaged()).isFalse();
    assertThat(t.namePrefix()).isEmpty();
    assertThat(t.overrides()).isEmpty();
    assertThat(t.tags()).isEmpty();
    assertThat(t.github()).isNull();
  }

  @Test
  void emptySectionsKeepDefaults() {
    SecretSyncConfig c =
        parse(
            MINIMAL + "pipeline:\ncircuit_breaker: {}\nmetrics: ~\nlogging: {}\nvault:\naws: {}\n");
    assertThat(c.pipeline()).isEqualTo(PipelineConfig.DEFAULT);
    assertThat(c.circuitBreaker()).isEqualTo(CircuitBreakerConfig.DEFAULT);
    assertThat(c.metrics()).isEqualTo(MetricsConfig.DEFAULT);
    assertThat(c.logging()).isEqualTo(LoggingConfig.DEFAULT);
    assertThat(c.vault()).isEqualTo(VaultConfig.defaults());
    assertThat(c.aws()).isEqualTo(AwsConfig.defaults());
  }

  // ---------------------------------------------------------------- interpolation

  @Test
  void interpolation() {
    String yaml =
        """
        sources:
          base:
            file:
              path: ${OUT_DIR}/secrets
        targets:
          T:
            type: file
            path: "${MISSING:-fallback}/${EMPTY:-was-empty}/x${EMPTY}y"
            imports: [base]
            name_prefix: "$${NOT_A_VAR}/$$/a$b/"
        pipeline:
          parallelism: ${PAR}
        metrics:
          address: ${OUT_DIR:-unused}
        """;
    SecretSyncConfig c = parse(yaml);
    assertThat(c.sources().get("base").file().path()).isEqualTo("build/out/secrets");
    assertThat(c.targets().get("T").path()).isEqualTo("fallback/was-empty/xy");
    assertThat(c.targets().get("T").namePrefix()).isEqualTo("${NOT_A_VAR}/$/a$b/");
    assertThat(c.pipeline().parallelism()).isEqualTo(8);
    assertThat(c.metrics().address()).isEqualTo("build/out");
  }

  @Test
  void defaultMayBeEmptyOrContainColons() {
    SecretSyncConfig c =
        parse(
            MINIMAL
                + "metrics:\n  address: \"${NOPE:-}\"\n  push_url: \"${NOPE:-http://h:9091/x}\"\n");
    assertThat(c.metrics().address()).isEmpty();
    assertThat(c.metrics().pushUrl()).isEqualTo("http://h:9091/x");
  }

  @Test
  void unsetVariableIsAProblemNamingItWithLineAndColumn() {
    ConfigProblem p = only(MINIMAL + "metrics:\n  address: ${UNSET}\n");
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.column()).isEqualTo(12);
    assertThat(p.path()).isEqualTo("metrics.address");
    assertThat(p.message()).contains("UNSET");
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:6:12: metrics.address: environment variable UNSET is not set"
                + " (referenced as ${UNSET})");
  }

  @Test
  void unsetVariableIsNotAlsoReportedAsAMissingValue() {
    ConfigProblem p =
        only(
            """
            sources:
              base: {file: {path: ./s}}
            targets:
              T:
                type: file
                path: ${UNSET_DIR}
                imports: [base]
            """);
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:6:11: targets.T.path: environment variable UNSET_DIR is not set"
                + " (referenced as ${UNSET_DIR})");
  }

  @Test
  void everyUnsetVariableIsReported() {
    List<ConfigProblem> p =
        problems(MINIMAL + "metrics:\n  address: ${UNSET_A}\n  push_url: x${UNSET_B}y\n");
    assertThat(p)
        .extracting(ConfigProblem::line, ConfigProblem::path)
        .containsExactly(tuple(6, "metrics.address"), tuple(7, "metrics.push_url"));
    assertThat(p.get(0).message()).contains("UNSET_A");
    assertThat(p.get(1).message()).contains("UNSET_B");
  }

  @Test
  void malformedReferences() {
    assertThat(only(MINIMAL + "metrics: {address: \"${1BAD}\"}\n").message())
        .isEqualTo(
            "a ${...} here is not a valid variable reference (use ${NAME} or ${NAME:-default},"
                + " and $$ for a literal $)");
    assertThat(only(MINIMAL + "metrics: {address: \"${OPEN\"}\n").message())
        .isEqualTo("unterminated ${ (write $$ for a literal $)");
  }

  @Test
  void interpolationAppliesToValuesNotKeys() {
    SecretSyncConfig c = parse(ENV, ALL_PROVIDERS, awsTarget("tags: {owner: \"${OUT_DIR}\"}"));
    assertThat(c.targets().get("T").tags()).containsEntry("owner", "build/out");

    // The key stays literal: it is then refused as a tag key ($ { } are not allowed), by its name.
    List<ConfigProblem> p =
        problems(ENV, ALL_PROVIDERS, awsTarget("tags: {owner: \"${OUT_DIR}\", \"${KEY}\": v}"));
    assertThat(lines(p)).singleElement().asString().contains("targets.T.tags.${KEY}: tag keys may");
  }

  // ---------------------------------------------------------------- unknown keys

  @Test
  void unknownTopLevelKey() {
    ConfigProblem p = only(MINIMAL + "x: 1\n");
    assertThat(p.path()).isEqualTo("x");
    assertThat(p.toString())
        .startsWith("secretsync.yaml:5:1: x: unknown key \"x\"")
        .isEqualTo(
            "secretsync.yaml:5:1: x: unknown key \"x\" (known keys here: agent, audit, aws,"
                + " circuit_breaker, dynamic_targets, fingerprint_key, logging, merge_store, metrics, notifications, pipeline, policies,"
                + " sources, targets, tracing, vault)");
  }

  @Test
  void tracingBlockDefaultsAndABadEndpoint() throws Exception {
    SecretSyncConfig none = parse(MINIMAL);
    assertThat(none.tracing()).isEqualTo(TracingConfig.DEFAULT);
    assertThat(none.tracing().enabled()).isFalse();

    SecretSyncConfig on =
        parse(
            MINIMAL
                + "tracing: {enabled: true, endpoint: \"http://otel:4318\", service_name: ci,"
                + " calls: all, slow_call: 2s}\n");
    assertThat(on.tracing())
        .isEqualTo(new TracingConfig(true, "http://otel:4318", "ci", "all", Duration.ofSeconds(2)));
    assertThat(none.tracing().calls()).isEqualTo("notable");
    assertThat(none.tracing().slowCall()).isEqualTo(Duration.ofMillis(500));
    assertThat(only(MINIMAL + "tracing: {calls: some}\n").toString())
        .contains("tracing.calls")
        .contains("expected one of notable, all");

    ConfigProblem p = only(MINIMAL + "tracing: {enabled: true, endpoint: \"otel:4318\"}\n");
    assertThat(p.toString())
        .startsWith("secretsync.yaml:5:")
        .contains("tracing.endpoint")
        .contains("expected an http:// or https:// URL of an OTLP/HTTP collector");
  }

  @Test
  void unknownNestedKeys() {
    List<ConfigProblem> p =
        problems(
            """
            sources:
              base: {file: {path: ./s, x: 1}}
            targets:
              T:
                type: file
                path: out
                imports: [base]
                deletion: {policy: retain, x: 2}
                x: 3
            pipeline: {parallelism: 2, x: 4}
            vault: {tls: {x: 5}}
            """);
    assertThat(lines(p))
        .containsExactly(
            "secretsync.yaml:2:28: sources.base.file.x: unknown key \"x\" (known keys here:"
                + " path)",
            "secretsync.yaml:8:32: targets.T.deletion.x: unknown key \"x\" (known keys here:"
                + " force, max_deletes, policy, recovery_window_days)",
            p.get(2).toString(),
            "secretsync.yaml:10:28: pipeline.x: unknown key \"x\" (known keys here:"
                + " aws_writes_per_second, continue_on_error, parallelism)",
            "secretsync.yaml:11:15: vault.tls.x: unknown key \"x\" (known keys here: ca_cert,"
                + " skip_verify)");
    assertThat(p.get(2).toString())
        .startsWith("secretsync.yaml:9:5: targets.T.x: unknown key \"x\"");
  }

  @Test
  void yamlMergeKeysAreNotSilentlyIgnored() {
    List<ConfigProblem> p =
        problems(
            """
            targets:
              A: &base {type: file, path: out, overrides: {k: {a: 1}}}
              B: {<<: *base, path: other}
            """);
    assertThat(lines(p)).anyMatch(l -> l.contains("targets.B.<<: unknown key \"<<\""));
  }

  // ---------------------------------------------------------------- malformed and empty

  @Test
  void malformedYamlIsOneProblemWithLocation() {
    ConfigProblem p =
        only(
            """
            sources:
              base: {file: {path: ./s}}
            targets:
              A: {type: file, path: out
            """);
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.column()).isEqualTo(1);
    assertThat(p.path()).isEmpty();
    assertThat(p.message()).startsWith("malformed YAML: ");
    assertThat(p.toString()).startsWith("secretsync.yaml:5:1: malformed YAML: ");
  }

  @Test
  void malformedYamlVariants() {
    ConfigProblem tab = only("targets:\n\tA: 1\n");
    assertThat(tab.toString()).startsWith("secretsync.yaml:2:1: malformed YAML: ");
    ConfigProblem badIndent = only("targets:\n  A: {type: file}\n B: x\n");
    assertThat(badIndent.line()).isEqualTo(3);
    assertThat(badIndent.message()).startsWith("malformed YAML: ");
    ConfigProblem twoDocs = only(MINIMAL + "---\nx: 1\n");
    assertThat(twoDocs.message()).startsWith("malformed YAML: ");
    assertThat(twoDocs.line()).isGreaterThan(0);
    ConfigProblem undefinedAlias = only("targets: *nope\n");
    assertThat(undefinedAlias.message()).startsWith("malformed YAML: ");
    assertThat(undefinedAlias.line()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n\n", "# only a comment\n", "   \n# x\n"})
  void emptyFile(String yaml) {
    ConfigProblem p = only(yaml);
    assertThat(p.toString())
        .isEqualTo(
            "secretsync.yaml:1:1: the config file is empty (it needs at least a targets:"
                + " section)");
  }

  @Test
  void topLevelMustBeAMapping() {
    assertThat(lines(problems("- a\n- b\n")))
        .containsExactly(
            "secretsync.yaml:1:1: expected a mapping (key: value pairs), found a list",
            "secretsync.yaml:1:1: targets: no targets: add at least one under targets:");
  }

  // ---------------------------------------------------------------- types

  @Test
  void typeErrors() {
    List<ConfigProblem> p =
        problems(
            MINIMAL
                + """
                pipeline: {parallelism: lots, continue_on_error: maybe}
                metrics: {port: [1]}
                circuit_breaker: 5
                """);
    assertThat(lines(p))
        .containsExactly(
            "secretsync.yaml:5:25: pipeline.parallelism: expected a whole number",
            "secretsync.yaml:5:50: pipeline.continue_on_error: expected true or false",
            "secretsync.yaml:6:17: metrics.port: expected a single value, found a list",
            "secretsync.yaml:7:18: circuit_breaker: expected a mapping (key: value pairs), found"
                + " a single value");
  }

  @Test
  void listAndMappingShapes() {
    assertThat(only(fileTarget("replica_regions: us-east-1")).message())
        .isEqualTo("expected a list of regions or {region, kms_key_id} mappings");
    assertThat(
            only("sources: [a]\ntargets:\n  T: {type: file, path: o, overrides: {k: {a: 1}}}\n")
                .toString())
        .isEqualTo(
            "secretsync.yaml:1:10: sources: expected a mapping (key: value pairs), found a list");
  }

  @ParameterizedTest
  @CsvSource({"1.5", "0x10", "99999999999", "'\"\"'", "true"})
  void nonIntegersAreRejected(String value) {
    ConfigProblem p = only(MINIMAL + "pipeline: {parallelism: " + value + "}\n");
    assertThat(p.path()).isEqualTo("pipeline.parallelism");
    assertThat(p.message()).isEqualTo("expected a whole number");
  }

  @ParameterizedTest
  @CsvSource({"0", "257", "-1"})
  void parallelismRange(int value) {
    assertThat(only(MINIMAL + "pipeline: {parallelism: " + value + "}\n").toString())
        .isEqualTo("secretsync.yaml:5:25: pipeline.parallelism: must be between 1 and 256");
  }

  @ParameterizedTest
  @CsvSource({
    "true, true",
    "false, false",
    "yes, true",
    "no, false",
    "on, true",
    "off, false",
    "True, true",
    "FALSE, false",
    "'\"yes\"', true",
    "'\"off\"', false"
  })
  void booleans(String text, boolean expected) {
    SecretSyncConfig c = parse(MINIMAL + "pipeline: {continue_on_error: " + text + "}\n");
    assertThat(c.pipeline().continueOnError()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "1", "0", "'y'", "enabled"})
  void nonBooleansAreRejected(String text) {
    ConfigProblem p = only(MINIMAL + "pipeline: {continue_on_error: " + text + "}\n");
    assertThat(p.path()).isEqualTo("pipeline.continue_on_error");
    assertThat(p.message()).isEqualTo("expected true or false");
  }

  @ParameterizedTest
  @CsvSource({"error", "warn", "info", "debug", "trace"})
  void logLevels(String level) {
    assertThat(parse(MINIMAL + "logging: {level: " + level + ", format: json}\n").logging())
        .isEqualTo(new LoggingConfig(level, "json"));
  }

  @Test
  void invalidChoices() {
    assertThat(lines(problems(MINIMAL + "logging: {level: loud, format: xml}\n")))
        .containsExactly(
            "secretsync.yaml:5:18: logging.level: \"loud\" is not one of debug, error, info,"
                + " trace, warn",
            "secretsync.yaml:5:32: logging.format: \"xml\" is not one of json, text");
  }

  @Test
  void metricsPathMustStartWithSlash() {
    assertThat(only(MINIMAL + "metrics: {path: metrics}\n").toString())
        .isEqualTo("secretsync.yaml:5:17: metrics.path: must start with /");
  }

  // ---------------------------------------------------------------- durations

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "5m, PT5M",
    "1h, PT1H",
    "15, PT15S",
    "'\"20\"', PT20S"
  })
  void durations(String text, Duration expected) {
    SecretSyncConfig c = parse(MINIMAL + "circuit_breaker: {window: " + text + "}\n");
    assertThat(c.circuitBreaker().window()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10x", "1.5s", "-5s", "s", "10 seconds", "1d", "abc"})
  void invalidDurations(String text) {
    ConfigProblem p = only(MINIMAL + "circuit_breaker: {timeout: " + text + "}\n");
    assertThat(p.path()).isEqualTo("circuit_breaker.timeout");
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.column()).isEqualTo(28);
    assertThat(p.message())
        .isEqualTo("\"" + text + "\" is not a duration (write e.g. 500ms, 10s, 5m or 1h)");
  }

  @Test
  void zeroDurationIsRejected() {
    assertThat(only(MINIMAL + "circuit_breaker: {window: 0s}\n").toString())
        .isEqualTo("secretsync.yaml:5:27: circuit_breaker.window: must be a positive duration");
  }

  @Test
  void overflowingDurationIsAProblem() {
    ConfigProblem p = only(MINIMAL + "circuit_breaker: {window: 9223372036854775807h}\n");
    assertThat(p.path()).isEqualTo("circuit_breaker.window");
  }

  @Test
  void recursiveAliasIsAProblem() {
    List<ConfigProblem> p =
        problems("targets:\n  A: &a {type: file, path: out, overrides: {k: {x: *a}}}\n");
    assertThat(p).isNotEmpty();
  }

  @Test
  void octalIntegersInOverridesAreNotReadAsDecimal() {
    Map<String, Object> app =
        parse(fileTarget("overrides: {config/app: {mode: 0755}}"))
            .targets()
            .get("T")
            .overrides()
            .get("config/app");
    assertThat(app.get("mode")).isIn("0755", 493L);
  }

  @Nested
  class DurationParsing {
    @ParameterizedTest
    @CsvSource({
      "500ms, PT0.5S",
      "10s, PT10S",
      "5m, PT5M",
      "1h, PT1H",
      "0, PT0S",
      "90, PT1M30S",
      "' 7s ', PT7S",
      "10 s, PT10S"
    })
    void parse(String text, Duration expected) {
      assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10x", "", "1.5s", "-1s", "1H", "1 h 2 m"})
    void rejects(String text) {
      assertThatThrownBy(() -> Durations.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("\"" + text + "\" is not a duration (write e.g. 500ms, 10s, 5m or 1h)");
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S, 500ms", "PT10S, 10s", "PT5M, 5m", "PT1H, 1h", "PT0S, 0s", "PT90S, 90s"})
    void formatRoundTrips(Duration d, String text) {
      assertThat(Durations.format(d)).isEqualTo(text);
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }

  // ---------------------------------------------------------------- all problems at once

  @Test
  void allProblemsAreReportedAtOnce() {
    String yaml =
        """
        sources:
          base: {file: {path: ./s}}
        targets:
          A: {type: file, path: o-A, imports: [base, Stg]}
          B: {type: file, path: o-B, imports: [base], bogus: 1}
        pipeline: {parallelism: lots}
        circuit_breaker: {window: 10x}
        """;
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e.problems()).hasSize(4);
    assertThat(lines(e.problems()))
        .containsExactly(
            "secretsync.yaml:4:46: targets.A.imports[1]: unknown source or target \"Stg\""
                + " (known: A, B, base)",
            e.problems().get(1).toString(),
            "secretsync.yaml:6:25: pipeline.parallelism: expected a whole number",
            "secretsync.yaml:7:27: circuit_breaker.window: \"10x\" is not a duration (write e.g."
                + " 500ms, 10s, 5m or 1h)");
    assertThat(e.problems().get(1).toString())
        .startsWith("secretsync.yaml:5:47: targets.B.bogus: unknown key \"bogus\"");
    assertThat(e.getMessage())
        .startsWith("invalid configuration (4 problems):\n  secretsync.yaml:4:46: ")
        .contains("\n  secretsync.yaml:7:27: circuit_breaker.window: ");
  }

  @Test
  void problemsAreSortedByLineThenColumn() {
    String yaml =
        """
        logging: {level: loud}
        targets:
          T: {type: file, imports: [nope], x: 1}
        pipeline: {parallelism: 0, continue_on_error: maybe}
        sources:
          s: {file: {}}
        """;
    List<ConfigProblem> p = problems(yaml);
    assertThat(p).hasSizeGreaterThanOrEqualTo(6);
    assertThat(p)
        .isSortedAccordingTo(
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    assertThat(p.get(0).path()).isEqualTo("logging.level");
    assertThat(p.get(p.size() - 1).path()).startsWith("sources.s");
    assertThat(p).extracting(ConfigProblem::line).contains(1, 3, 4, 6);
  }

  @Test
  void singleProblemMessage() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + "x: 1\n"));
    assertThat(e.getMessage()).startsWith("invalid configuration: secretsync.yaml:5:1: x: ");
    assertThatThrownBy(() -> e.problems().add(e.problems().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---------------------------------------------------------------- misc

  @Test
  void vaultAuthMethods() {
    SecretSyncConfig c =
        parse(
            MINIMAL
                + "vault: {auth: {kubernetes: {role: r}}, address: http://v:8200, namespace: ns}\n");
    assertThat(c.vault().auth().method()).isEqualTo("kubernetes");
    assertThat(c.vault().auth().kubernetes())
        .isEqualTo(
            new VaultConfig.Kubernetes(
                "r", "kubernetes", "/var/run/secrets/kubernetes.io/serviceaccount/token"));
    assertThat(
            only(MINIMAL + "vault: {auth: {token: {token: t}, jwt: {role: r, token_env: E}}}\n")
                .message())
        .isEqualTo("choose one auth method (token, approle, kubernetes or jwt), found 2");
    assertThat(only(MINIMAL + "vault: {auth: {jwt: {role: r}}}\n").message())
        .isEqualTo("give exactly one of token_file or token_env");
    assertThat(only(MINIMAL + "vault: {auth: {approle: {secret_id: s}}}\n").path())
        .isEqualTo("vault.auth.approle.role_id");
    assertThat(new VaultConfig.Token("tok-DISTINCTIVE").toString()).doesNotContain("DISTINCTIVE");
  }

  @Test
  void loadReadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secretsync.yaml");
    Files.writeString(file, MINIMAL, StandardCharsets.UTF_8);
    SecretSyncConfig c = new ConfigLoader(ENV, SUPPORTED).load(file, "secretsync.yaml");
    assertThat(c.targets()).containsKey("local");
    assertThat(c.baseDir()).isEqualTo(dir.toAbsolutePath());
    assertThat(c.resolve("out")).isEqualTo(dir.toAbsolutePath().resolve("out"));
  }

  @Test
  void loadReportsAMissingFile(@TempDir Path dir) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(ENV, SUPPORTED).load(dir.resolve("nope.yaml"), "nope.yaml"));
    assertThat(lines(e.problems()))
        .containsExactly(
            "nope.yaml: config file not found (pass --config or set SECRETSYNC_CONFIG)");
  }

  @Test
  void loaderCopiesItsEnvironment() {
    Map<String, String> env = new HashMap<>(ENV);
    ConfigLoader loader = new ConfigLoader(env, SUPPORTED);
    env.put("OUT_DIR", "changed");
    SecretSyncConfig c = loader.parse(MINIMAL + "metrics:\n  address: ${OUT_DIR}\n", FILE, NAME);
    assertThat(c.metrics().address()).isEqualTo("build/out");
  }

  @Test
  void configProblemToString() {
    assertThat(new ConfigProblem("f.yaml", 3, 7, "a.b", "msg").toString())
        .isEqualTo("f.yaml:3:7: a.b: msg");
    assertThat(new ConfigProblem("f.yaml", 3, 0, "a.b", "msg").toString())
        .isEqualTo("f.yaml:3: a.b: msg");
    assertThat(new ConfigProblem("f.yaml", 0, 0, "", "msg").toString()).isEqualTo("f.yaml: msg");
    assertThat(new ConfigProblem("", 3, 7, "a", "msg").toString()).isEqualTo("a: msg");
    assertThat(new ConfigProblem(null, 0, 0, null, "msg").toString()).isEqualTo("msg");
  }
}
