package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad input from issue 11 (the older cases live in {@link BadInputTest}): each
 * gives the documented exit code, a first line naming the key or path and the fix, and writes
 * nothing.
 */
class BadInputCatalogTest extends LocalPipelineTestBase {

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of(
            "aws.endpoint with a space",
            SEED_CONFIG + "aws: {endpoint: \"ht tp://localhost:4566\"}\n",
            "aws.endpoint: contains spaces or control characters: expected http(s)://host[:port]"),
        Arguments.of(
            "vault.address without a scheme",
            SEED_CONFIG + "vault: {address: \"vault:8200\"}\n",
            "vault.address: has no http:// or https:// in front: expected http(s)://host[:port]"),
        Arguments.of(
            "merge_store.s3.endpoint with a path",
            SEED_CONFIG
                + "merge_store: {s3: {bucket: b, region: us-east-1,"
                + " endpoint: \"http://minio:9000/b\"}}\n",
            "merge_store.s3.endpoint: must not have a path: expected http(s)://host[:port], e.g."),
        Arguments.of(
            "metrics.push_url not http",
            SEED_CONFIG + "metrics: {push_url: \"ftp://gateway\"}\n",
            "metrics.push_url: scheme \"ftp\" is not http or https"),
        Arguments.of(
            "logging.format xml",
            SEED_CONFIG + "logging: {format: xml}\n",
            "logging.format: \"xml\" is not one of json, text"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigValueIsOneLineWithItsPathAndWritesNothing(String name, String yaml, String want) {
    cli.write("secretsync.yaml", yaml);

    CliHarness.Result run = pipeline();
    CliHarness.Result validate = cli.run("validate", "--config", "secretsync.yaml");

    for (CliHarness.Result r : new CliHarness.Result[] {run, validate}) {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(firstLine(r)).as(r.toString()).startsWith("error: invalid configuration: ");
      assertThat(firstLine(r)).as(r.toString()).contains(want);
      assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertNothingWritten();
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(
            Map.of(),
            new String[] {"--parallelism", "0"},
            "error: --parallelism (or SECRETSYNC_PARALLELISM): 0 is out of range; use 1 to 256"),
        Arguments.of(
            Map.of("SECRETSYNC_PARALLELISM", "0"),
            new String[] {},
            "error: --parallelism (or SECRETSYNC_PARALLELISM): 0 is out of range; use 1 to 256"),
        Arguments.of(
            Map.of(),
            new String[] {"--log-format", "xml"},
            "error: --log-format (or SECRETSYNC_LOG_FORMAT): \"xml\" is not a log format; use text"
                + " or json"),
        Arguments.of(
            Map.of(),
            new String[] {"--targets", ""},
            "error: --targets: no target name given; name targets (e.g. --targets"
                + " Staging,Production), or leave the option out"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("usageErrors")
  void badFlagIsAUsageErrorNamingTheFlagAndWritesNothing(
      Map<String, String> env, String[] flags, String want) {
    String[] args = new String[flags.length + 3];
    args[0] = "pipeline";
    args[1] = "-c";
    args[2] = "secretsync.yaml";
    System.arraycopy(flags, 0, args, 3, flags.length);

    CliHarness.Result r = cli.run(env, args);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(firstLine(r)).as(r.toString()).startsWith(want);
    assertNothingWritten();
  }

  @Test
  @SuppressWarnings("unchecked")
  void withJsonOutputAConfigErrorIsAJsonDocumentOnStdout() throws Exception {
    cli.write("secretsync.yaml", SEED_CONFIG + "aws: {endpoint: \"localhost:4566\"}\n");

    CliHarness.Result r = pipeline("-o", "json");

    assertThat(r.exitCode()).isEqualTo(1);
    Map<String, Object> doc = JSON.readValue(r.stdout(), Map.class);
    assertThat(doc).containsEntry("ok", false).containsEntry("error", "invalid configuration");
    assertThat((java.util.List<String>) doc.get("problems"))
        .singleElement()
        .asString()
        .contains("aws.endpoint: has no http:// or https:// in front");
    assertThat(firstLine(r)).startsWith("error: invalid configuration: ");
    assertNothingWritten();
  }

  @Test
  @SuppressWarnings("unchecked")
  void withJsonOutputAUsageErrorIsAJsonDocumentOnStdout() throws Exception {
    CliHarness.Result r = pipeline("-o", "json", "--parallelism", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    Map<String, Object> doc = JSON.readValue(r.stdout(), Map.class);
    assertThat((String) doc.get("error")).startsWith("--parallelism (or SECRETSYNC_PARALLELISM)");
    assertThat((java.util.List<String>) doc.get("problems")).hasSize(1);
    assertNothingWritten();
  }

  @Test
  void tooLargeConfigSaysSoWithTheLimit() {
    cli.write("secretsync.yaml", "# " + "x".repeat(2 * 1024 * 1024) + "\n" + SEED_CONFIG);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(firstLine(r))
        .startsWith("error: invalid configuration: secretsync.yaml: the config file is too large (")
        .contains("limit 1048576 bytes")
        .doesNotContain("malformed YAML");
    assertNothingWritten();
  }

  @Test
  void configThatIsNotUtf8NamesTheByteOffset() throws Exception {
    Files.write(
        dir.resolve("secretsync.yaml"),
        ("targets:\n  T: {type: file, path: \"o" + (char) 0 + "\"}\n")
            .replace((char) 0, '?')
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    byte[] bytes = Files.readAllBytes(dir.resolve("secretsync.yaml"));
    bytes[bytes.length - 4] = (byte) 0xff;
    Files.write(dir.resolve("secretsync.yaml"), bytes);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(firstLine(r))
        .isEqualTo(
            "error: invalid configuration: secretsync.yaml: the config file is not UTF-8 text"
                + " (invalid byte at offset "
                + (bytes.length - 4)
                + "): save it as UTF-8");
    assertNothingWritten();
  }

  @Test
  void configPathThatIsADirectorySaysSo() throws Exception {
    Files.delete(dir.resolve("secretsync.yaml"));
    Files.createDirectories(dir.resolve("secretsync.yaml"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(firstLine(r))
        .isEqualTo(
            "error: invalid configuration: secretsync.yaml: the config path is a directory, not a"
                + " file: pass the YAML file with --config");
    assertNothingWritten();
  }

  @Test
  void duplicateKeyInASecretFileNamesTheKeyButNoValue() {
    cli.write(
        "sources/analytics/config/dup.json",
        "{\"user\": \"u\", \"password\": \"first-value\", \"password\": \"second-value\"}");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("config/dup.json: the field \"password\" appears twice (line 1); keep one");
    assertThat(r.all()).doesNotContain("first-value").doesNotContain("second-value");
    // One "source … failed:" prefix, not two.
    assertThat(r.stdout())
        .contains("source \"analytics\" failed: /")
        .doesNotContain("source analytics:");
    assertNothingWritten();
  }

  @Test
  void fileNamesThatCannotBeKeysAreSkippedWithAnEscapedWarning() {
    cli.write("sources/analytics/bad\nname.json", "{\"a\": 1}");
    cli.write("sources/analytics/back\\slash.json", "{\"a\": 1}");
    cli.write(
        "sources/analytics/"
            + "l".repeat(200)
            + "/"
            + "m".repeat(200)
            + "/"
            + "n".repeat(200)
            + ".json",
        "{\"a\": 1}");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.all())
        .contains(
            "source analytics: skipped bad\\u000aname.json: the file name cannot be a"
                + " secret key (contains a control character); rename the file")
        .contains(
            "skipped back\\slash.json: the file name cannot be a secret key (contains a"
                + " backslash")
        .contains("(is longer than 512 characters)")
        .doesNotContain("bad\nname");
    assertThat(dir.resolve("out/staging/config/database.json")).exists();
  }

  @Test
  void symlinkedDirectoriesInASourceAreFollowedAndLoopsSkipped() throws Exception {
    Path shared = dir.resolve("elsewhere/linked");
    Files.createDirectories(shared);
    Files.writeString(shared.resolve("token.json"), "{\"t\": \"x\"}");
    Files.createSymbolicLink(dir.resolve("sources/analytics/linked"), shared);
    Files.createSymbolicLink(shared.resolve("loop"), dir.resolve("elsewhere"));

    CliHarness.Result r = pipeline();

    assertThat(dir.resolve("out/staging/linked/token.json")).exists();
    assertThat(r.all())
        .contains(
            "source analytics: skipped linked/loop/linked: a symlink loop (it links to a directory"
                + " above it)");
  }

  @Test
  void targetReachedThroughASymlinkIntoItsSourceIsAnOverlap() throws Exception {
    Files.createSymbolicLink(dir.resolve("via-link"), dir.resolve("sources/analytics"));
    cli.write("secretsync.yaml", SEED_CONFIG.replace("path: out/demo", "path: via-link/demo"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(firstLine(r))
        .contains(
            "targets.Demo.path: overlaps sources.analytics.file.path: a file target needs a"
                + " directory of its own");
    assertThat(dir.resolve("sources/analytics/demo")).doesNotExist();
  }

  @Test
  void looseFileModeWarns() {
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG.replace("path: out/demo,", "path: out/demo, file_mode: \"0644\","));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.all())
        .contains("target Demo: file_mode 0644 lets other users read the secrets; use 0600");
  }

  @Test
  void fileWriteFailureSaysWhy() throws Exception {
    cli.write("out/staging/config", "a file where a directory must go");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern("! config/[a-z]+\\.json  create failed: [a-z].*\\(.*out/staging\\)");
  }

  @Test
  void noOpDryRunDoesNotSuggestApplying() {
    assertThat(pipeline().exitCode()).isZero();

    CliHarness.Result r = pipeline("--dry-run");

    assertThat(r.stdout())
        .doesNotContain("Run without --dry-run")
        .contains("Dry run: nothing was written, and there is nothing to apply.");
  }

  private static String firstLine(CliHarness.Result r) {
    return r.stderr().lines().findFirst().orElse("");
  }

  private void assertNothingWritten() {
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
