package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GitHub Action's entrypoint.sh under hostile inputs: runs it with bash and a fake {@code
 * secretsync} (and a fake {@code curl}) on PATH that record what they were given, then asserts the
 * exact argv, that invalid inputs stop the run with {@code ::error::} naming the input and exit 2,
 * and that no payload ever ran (no marker file appears).
 */
class EntrypointInjectionTest {
  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOngveSJ9.c2lnbmF0dXJl";
  private static final String REQUEST_TOKEN = "runner-request-token-1234";

  @TempDir Path tmp;
  private Path bash;
  private Path work;
  private Path fakeBin;
  private Path fakeOut;
  private Path marker;

  @BeforeEach
  void setUp() throws IOException {
    bash = ShellScripts.bash();
    work = Files.createDirectories(tmp.resolve("work"));
    fakeBin = Files.createDirectories(tmp.resolve("bin"));
    fakeOut = Files.createDirectories(tmp.resolve("out"));
    marker = tmp.resolve("pwned");
    ShellScripts.script(
        fakeBin.resolve("secretsync"),
        """
        #!/usr/bin/env bash
        printf '%s\\0' "$@" > "$FAKE_OUT/argv"
        pwd > "$FAKE_OUT/cwd"
        printf '%s' "${VAULT_JWT-<unset>}" > "$FAKE_OUT/jwt"
        printf '%s' "${SECRETSYNC_SHOW_VALUES-<unset>}" > "$FAKE_OUT/show-values"
        printf '%s' "${SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI-<unset>}" > "$FAKE_OUT/allow-show-values"
        exit "${FAKE_EXIT:-0}"
        """);
    ShellScripts.script(
        fakeBin.resolve("curl"),
        """
        #!/usr/bin/env bash
        printf '%s\\0' "$@" > "$FAKE_OUT/curl-argv"
        cat > "$FAKE_OUT/curl-stdin"
        printf '{"count":1,"value":"%s"}' "$FAKE_JWT"
        """);
  }

  /** Payloads that would create the marker file if any shell ever evaluated them. */
  private List<String> payloads() {
    String m = marker.toString();
    return List.of(
        "$(touch " + m + ")",
        "`touch " + m + "`",
        "x;touch " + m,
        "x' ; touch " + m + " ; '",
        "x\" ; touch " + m + " ; \"",
        "x && touch " + m,
        "x | touch " + m,
        "${IFS}$(touch${IFS}" + m + ")",
        "x > " + m);
  }

  private record Result(int exit, String out, List<String> argv, String cwd) {
    boolean ran() {
      return argv != null;
    }
  }

  private Result run(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", fakeBin + ":/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", tmp.toString());
    env.put("FAKE_OUT", fakeOut.toString());
    env.put("FAKE_JWT", JWT);
    env.putAll(extraEnv);
    ShellScripts.Run r =
        ShellScripts.run(
            List.of(bash.toString(), ShellScripts.repo().resolve("entrypoint.sh").toString()),
            work,
            env);
    try {
      Path argvFile = fakeOut.resolve("argv");
      List<String> argv = null;
      String cwd = null;
      if (Files.exists(argvFile)) {
        String raw = Files.readString(argvFile, StandardCharsets.UTF_8);
        argv = raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0", -1));
        argv = argv.subList(0, argv.size() - 1); // trailing NUL
        cwd = Files.readString(fakeOut.resolve("cwd"), StandardCharsets.UTF_8).strip();
        Files.delete(argvFile);
      }
      return new Result(r.exit(), r.out() + r.err(), argv, cwd);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> env(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private String fakeFile(String name) throws IOException {
    return Files.readString(fakeOut.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void defaultsRunThePipelineWithTheGithubReport() {
    Result r = run(Map.of());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.argv())
        .containsExactly("pipeline", "--config=.secretsync/config.yaml", "--output=github");
    assertThat(Path.of(r.cwd())).isEqualTo(work.toAbsolutePath());
  }

  @Test
  void everyInputMapsToExactlyOneKnownArgument() throws IOException {
    Files.createDirectories(work.resolve("infra/secrets"));
    Result r =
        run(
            env(
                "INPUT_CONFIG", "ci/secretsync.yaml",
                "INPUT_DRY_RUN", "true",
                "INPUT_DIFF", "true",
                "INPUT_OUTPUT_FORMAT", "json",
                "INPUT_TARGETS", "Staging, Production\n  eu.prod-2,",
                "INPUT_EXIT_CODE", "true",
                "INPUT_MERGE_ONLY", "false",
                "INPUT_SYNC_ONLY", "true",
                "INPUT_PARALLELISM", "32",
                "INPUT_WORKING_DIRECTORY", "infra/secrets",
                "INPUT_LOG_LEVEL", "debug",
                "INPUT_LOG_FORMAT", "json",
                "INPUT_METRICS_PUSH_URL", "http://pushgateway.monitoring:9091/metrics/job/x",
                "INPUT_VAULT_AUTH", "auto",
                "INPUT_VAULT_AUDIENCE", "https://vault.example.com"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.argv())
        .containsExactly(
            "pipeline",
            "--config=ci/secretsync.yaml",
            "--output=json",
            "--dry-run",
            "--diff",
            "--exit-code",
            "--sync-only",
            "--targets=Staging,Production,eu.prod-2",
            "--parallelism=32",
            "--verbose",
            "--log-format=json",
            "--metrics-push-url=http://pushgateway.monitoring:9091/metrics/job/x");
    assertThat(Path.of(r.cwd())).isEqualTo(work.resolve("infra/secrets").toAbsolutePath());
  }

  @Test
  void explicitBinaryWinsOverPath() throws IOException {
    Path other =
        ShellScripts.script(
            tmp.resolve("other/secretsync-bin"),
            "#!/usr/bin/env bash\nprintf '%s\\0' other \"$@\" > \"$FAKE_OUT/argv\"\n"
                + "pwd > \"$FAKE_OUT/cwd\"\n");
    Result r = run(env("SECRETSYNC_BIN", other.toString(), "INPUT_DRY_RUN", "true"));
    assertThat(r.exit()).isZero();
    assertThat(r.argv()).first().isEqualTo("other");
  }

  @ParameterizedTest
  @MethodSource("exitCodes")
  void exitCodeOfTheBinaryIsTheStepsExitCode(int code) {
    Result r = run(env("FAKE_EXIT", Integer.toString(code), "INPUT_EXIT_CODE", "true"));
    assertThat(r.exit()).isEqualTo(code);
  }

  static Stream<Integer> exitCodes() {
    return Stream.of(0, 1, 2);
  }

  @Test
  void payloadsInPathsArePassedLiterallyAndNeverRun() throws IOException {
    for (String payload : payloads()) {
      Result r = run(env("INPUT_CONFIG", payload));
      assertThat(r.exit()).as(payload + "\n" + r.out()).isZero();
      assertThat(r.argv()).containsExactly("pipeline", "--config=" + payload, "--output=github");
      assertThat(marker).as(payload).doesNotExist();

      Files.createDirectories(work.resolve(payload));
      r = run(env("INPUT_WORKING_DIRECTORY", payload));
      assertThat(r.exit()).as(payload + "\n" + r.out()).isZero();
      assertThat(Path.of(r.cwd())).isEqualTo(work.resolve(payload).toAbsolutePath());
      assertThat(marker).as(payload).doesNotExist();
    }
    Result glob = run(env("INPUT_CONFIG", "*"));
    assertThat(glob.argv()).contains("--config=*");
  }

  static Stream<Arguments> rejected() {
    String m = "/tmp/never/pwned";
    List<Arguments> cases = new ArrayList<>();
    for (String v :
        List.of(
            "--config=/etc/passwd",
            "-o",
            "-",
            "--show-values",
            "a\nb",
            "a\rb",
            "a\tb",
            "ok\n--dry-run")) {
      cases.add(Arguments.of("config", v));
      cases.add(Arguments.of("working-directory", v));
    }
    for (String v :
        List.of(
            "Staging;touch " + m,
            "Staging -o json",
            "Staging,-o,json",
            "Staging,--show-values",
            "--targets=x",
            "$(touch " + m + ")",
            "`touch " + m + "`",
            "Staging\n--dry-run",
            "a|b",
            "a&b",
            "../etc",
            ".hidden",
            "a/b",
            "Stäging",
            "x".repeat(129))) {
      cases.add(Arguments.of("targets", v));
    }
    for (String input : List.of("dry-run", "diff", "exit-code", "merge-only", "sync-only")) {
      for (String v :
          List.of(
              "yes",
              "1",
              "TRUE",
              "True",
              "true; touch " + m,
              "true --show-values",
              "true\n--show-values",
              "$(echo true)")) {
        cases.add(Arguments.of(input, v));
      }
    }
    for (String v : List.of("xml", "json -o human", "github\n--show-values", "--output=json")) {
      cases.add(Arguments.of("output-format", v));
    }
    for (String v : List.of("verbose", "debug --show-values", "-v")) {
      cases.add(Arguments.of("log-level", v));
    }
    for (String v : List.of("yaml", "json;x", "--log-format=json")) {
      cases.add(Arguments.of("log-format", v));
    }
    for (String v : List.of("kubernetes", "jwt;id", "jwt --show-values")) {
      cases.add(Arguments.of("vault-auth", v));
    }
    for (String v : List.of("vault aud", "$(touch " + m + ")", "a&b=c", "x".repeat(257))) {
      cases.add(Arguments.of("vault-audience", v));
    }
    for (String v : List.of("0", "257", "1000", "-1", "08", "1e3", "8 --show-values", "8\n9")) {
      cases.add(Arguments.of("parallelism", v));
    }
    for (String v :
        List.of(
            "http://x; touch " + m,
            "ftp://pushgateway",
            "http://user:pass@pushgateway:9091",
            "http://h/$(touch " + m + ")",
            "http://h/?a=b",
            "http://h:9091 --show-values",
            "--metrics-port=1",
            "pushgateway:9091")) {
      cases.add(Arguments.of("metrics-push-url", v));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("rejected")
  void invalidInputStopsBeforeAnythingRunsAndNamesTheInput(String input, String value) {
    String var = "INPUT_" + input.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    Result r = run(env(var, value));
    assertThat(r.exit()).as(r.out()).isEqualTo(2);
    assertThat(r.out()).contains("::error title=secretsync action: invalid input " + input + "::");
    assertThat(r.ran()).as("the binary must not run").isFalse();
    assertThat(r.out()).as("no raw newline from the value in the message").doesNotContain("\n--");
  }

  @Test
  void planFileWithDryRunSavesThePlanAndNamesItInTheOutputs() throws IOException {
    Path output = tmp.resolve("github-output");
    Files.writeString(output, "");
    Files.writeString(work.resolve("plan.json"), "stale from an earlier step");

    Result r =
        run(
            env(
                "INPUT_DRY_RUN", "true",
                "INPUT_PLAN_FILE", "plan.json",
                "GITHUB_OUTPUT", output.toString()));

    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.argv())
        .containsExactly(
            "pipeline",
            "--config=.secretsync/config.yaml",
            "--output=github",
            "--plan-file=plan.json",
            "--dry-run");
    assertThat(work.resolve("plan.json"))
        .as("an old plan never passes for this run's")
        .doesNotExist();
    assertThat(Files.readString(output)).doesNotContain("plan-file=");
  }

  @Test
  void applyPlanRunsApplyWithThePlanAfterTheEndOfOptions() {
    for (String plan : List.of("plan.json", "--show-values.json", "$(touch " + marker + ")")) {
      Result r = run(env("INPUT_APPLY_PLAN", plan, "INPUT_MAX_PLAN_AGE", "2h"));

      if (plan.startsWith("-")) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("invalid input apply-plan::");
        continue;
      }
      assertThat(r.exit()).as(r.out()).isZero();
      assertThat(r.argv())
          .containsExactly(
              "apply",
              "--config=.secretsync/config.yaml",
              "--output=github",
              "--max-plan-age=2h",
              "--",
              plan);
      assertThat(marker).doesNotExist();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "INPUT_APPLY_PLAN, plan.json, INPUT_DRY_RUN, true, apply-plan",
    "INPUT_APPLY_PLAN, plan.json, INPUT_TARGETS, Staging, apply-plan",
    "INPUT_APPLY_PLAN, plan.json, INPUT_PLAN_FILE, other.json, plan-file",
    "INPUT_PLAN_FILE, plan.json, INPUT_DRY_RUN, false, plan-file",
    "INPUT_MAX_PLAN_AGE, 1 day, INPUT_APPLY_PLAN, plan.json, max-plan-age"
  })
  void savedPlanInputsThatCannotWorkTogetherAreRefused(
      String var1, String value1, String var2, String value2, String named) {
    Result r = run(env(var1, value1, var2, value2));

    assertThat(r.exit()).as(r.out()).isEqualTo(2);
    assertThat(r.out()).contains("invalid input " + named + "::");
    assertThat(r.ran()).isFalse();
  }

  @Test
  void mergeOnlyAndSyncOnlyExcludeEachOther() {
    Result r = run(env("INPUT_MERGE_ONLY", "true", "INPUT_SYNC_ONLY", "true"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("invalid input merge-only::");
    assertThat(r.ran()).isFalse();
  }

  @Test
  void showValuesFromTheEnvironmentIsDropped() throws IOException {
    Result r = run(env("SECRETSYNC_SHOW_VALUES", "true"));
    assertThat(r.exit()).isZero();
    assertThat(fakeFile("show-values")).isEqualTo("<unset>");
    assertThat(r.out()).contains("::warning::SECRETSYNC_SHOW_VALUES is ignored");
  }

  @Test
  void theCliOverrideForShowValuesInCiIsDropped() throws IOException {
    Result r =
        run(env("SECRETSYNC_SHOW_VALUES", "true", "SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI", "true"));

    assertThat(r.exit()).isZero();
    assertThat(fakeFile("show-values")).isEqualTo("<unset>");
    assertThat(fakeFile("allow-show-values")).isEqualTo("<unset>");
    assertThat(r.out())
        .contains("::warning::SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI is ignored by the action");
  }

  @Test
  void vaultTokenAndApproleAuthNeedTheirVariables() {
    assertThat(run(env("INPUT_VAULT_AUTH", "token")).out())
        .contains("invalid input vault-auth::")
        .contains("VAULT_TOKEN");
    assertThat(run(env("INPUT_VAULT_AUTH", "token", "VAULT_TOKEN", "s.x")).exit()).isZero();
    assertThat(run(env("INPUT_VAULT_AUTH", "approle", "VAULT_ROLE_ID", "r")).exit()).isEqualTo(2);
    Result ok =
        run(env("INPUT_VAULT_AUTH", "approle", "VAULT_ROLE_ID", "r", "VAULT_SECRET_ID", "s"));
    assertThat(ok.exit()).isZero();
  }

  @Test
  void jwtAuthWithoutIdTokenPermissionExplainsWhatIsMissing() {
    Result r = run(env("INPUT_VAULT_AUTH", "jwt"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("id-token: write");
    assertThat(r.ran()).isFalse();
  }

  @Test
  void jwtAuthFetchesTheRunnersTokenMasksItAndExportsVaultJwt() throws IOException {
    Result r =
        run(
            env(
                "INPUT_VAULT_AUTH", "jwt",
                "INPUT_VAULT_AUDIENCE", "sts.example.com/vault",
                "ACTIONS_ID_TOKEN_REQUEST_URL", "https://token.example/?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(fakeFile("jwt")).isEqualTo(JWT);
    // masked before anything else could print it, and never printed otherwise
    assertThat(r.out()).contains("::add-mask::" + JWT);
    assertThat(r.out().replace("::add-mask::" + JWT, "")).doesNotContain(JWT);
    assertThat(r.argv()).noneMatch(a -> a.contains(JWT));
    // the request token goes to curl on stdin, never on its command line
    List<String> curlArgv = Arrays.asList(fakeFile("curl-argv").split("\0"));
    assertThat(curlArgv).noneMatch(a -> a.contains(REQUEST_TOKEN));
    assertThat(curlArgv)
        .contains("audience=sts.example.com/vault", "https://token.example/?api-version=2.0");
    assertThat(fakeFile("curl-stdin")).contains("Authorization: bearer " + REQUEST_TOKEN);
  }

  @Test
  void jwtAuthFailsWhenTheRunnerAnswersWithoutAToken() {
    Result r =
        run(
            env(
                "INPUT_VAULT_AUTH",
                "jwt",
                "FAKE_JWT",
                "not a jwt\"; touch " + marker,
                "ACTIONS_ID_TOKEN_REQUEST_URL",
                "https://token.example/?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                REQUEST_TOKEN));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.ran()).isFalse();
    assertThat(marker).doesNotExist();
  }

  private static final Pattern KNOWN_ARGUMENT =
      Pattern.compile(
          "pipeline|--dry-run|--diff|--exit-code|--merge-only|--sync-only|--verbose"
              + "|--(config|output|targets|parallelism|log-format|metrics-push-url)=.*",
          Pattern.DOTALL);

  /** Random hostile strings in every input: either refused, or only known arguments come out. */
  @Test
  void randomHostileInputsNeverAddAnUnknownArgument() throws IOException {
    List<String> inputs =
        List.of(
            "config",
            "dry-run",
            "diff",
            "output-format",
            "targets",
            "exit-code",
            "merge-only",
            "sync-only",
            "parallelism",
            "log-level",
            "log-format",
            "metrics-push-url",
            "vault-auth",
            "vault-audience");
    String alphabet = "aZ09_.-,: /\\$`'\";|&()<>*?!{}[]~#=%\n\t";
    List<String> atoms =
        List.of(
            "true",
            "false",
            "json",
            "github",
            "debug",
            "Staging",
            "--show-values",
            "-o",
            "$(touch " + marker + ")",
            "http://h:1/p",
            "8");
    Random random = new Random(42);
    int accepted = 0;
    for (int i = 0; i < 60; i++) {
      String input = inputs.get(random.nextInt(inputs.size()));
      StringBuilder v = new StringBuilder();
      int parts = 1 + random.nextInt(4);
      for (int p = 0; p < parts; p++) {
        if (random.nextBoolean()) {
          v.append(atoms.get(random.nextInt(atoms.size())));
        } else {
          v.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String var = "INPUT_" + input.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      Result r = run(env(var, v.toString()));
      assertThat(marker).as(input + "=" + v).doesNotExist();
      if (r.exit() == 2) {
        assertThat(r.out()).contains("invalid input " + input + "::");
        assertThat(r.ran()).isFalse();
      } else {
        accepted++;
        assertThat(r.argv()).as(input + "=" + v).allMatch(a -> KNOWN_ARGUMENT.matcher(a).matches());
        assertThat(r.argv().get(0)).isEqualTo("pipeline");
      }
    }
    assertThat(accepted).as("some random values are valid").isPositive();
  }
}
