package dev.secretsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real CLI, in-process, against real services: writes {@code secretsync.yaml}, runs {@code
 * pipeline --config secretsync.yaml -v} (debug logging, so the leak check sees every log line) and
 * fails when any seeded value or credential reached stdout or stderr.
 */
final class ItCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CliHarness cli;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> secrets = new ArrayList<>(SeedFixture.secretValues());

  ItCli(Path dir) {
    this.cli = new CliHarness(dir);
  }

  /** Sets an environment variable of every run. */
  ItCli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Adds values that must never be printed (credentials, values written by the test). */
  ItCli secret(String... values) {
    secrets.addAll(List.of(values));
    return this;
  }

  /** Writes the config every run uses. */
  ItCli config(String yaml) {
    cli.write("secretsync.yaml", yaml);
    return this;
  }

  /** Runs {@code pipeline} with {@code args} and checks the output for leaks. */
  CliHarness.Result pipeline(String... args) {
    List<String> all = new ArrayList<>(List.of("pipeline", "--config", "secretsync.yaml", "-v"));
    all.addAll(List.of(args));
    CliHarness.Result r = cli.run(env, all.toArray(String[]::new));
    for (String value : secrets) {
      assertThat(r.all()).as("output must not contain a secret value").doesNotContain(value);
    }
    return r;
  }

  /** Runs {@code pipeline -o json} with {@code args} and returns the parsed report. */
  Map<String, Object> pipelineJson(int expectedExit, String... args) {
    List<String> all = new ArrayList<>(List.of("-o", "json"));
    all.addAll(List.of(args));
    CliHarness.Result r = pipeline(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(expectedExit);
    try {
      return JSON.readValue(r.stdout(), MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The report's summary of one target. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> targetSummary(Map<String, Object> report, String target) {
    return ((List<Map<String, Object>>) report.get("targets"))
        .stream()
            .filter(t -> target.equals(t.get("name")))
            .map(t -> (Map<String, Object>) t.get("summary"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no target " + target + " in " + report));
  }

  /** A JSON file a file target wrote, relative to the working directory. */
  Map<String, Object> readJson(String relative) {
    try {
      return JSON.readValue(Files.readString(cli.workDir().resolve(relative)), MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of secret files (hidden files such as the manifest excluded) under a directory. */
  long secretFiles(String relative) {
    Path root = cli.workDir().resolve(relative);
    if (!Files.exists(root)) {
      return 0;
    }
    try (var walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
