package dev.secretsync.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import dev.secretsync.testkit.VaultEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Vault emulator plus the CLI harness, for end-to-end tests of Vault sources: writes the config,
 * runs {@code pipeline --verbose} (debug logging, so the no-leak check sees every log line) and
 * checks that no secret value or credential reached stdout or stderr.
 */
public final class VaultCliFixture implements AutoCloseable {
  /** AppRole credentials the fixture registers; the secret id must never be printed. */
  public static final String ROLE_ID = "role-7d1f";

  public static final String SECRET_ID = "secret-id-3b9c2e71";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final VaultEmulator vault = VaultEmulator.start();
  private final CliHarness cli;
  private final List<String> secrets = new ArrayList<>();

  /**
   * @param dir the CLI's working directory
   */
  public VaultCliFixture(Path dir) {
    this.cli = new CliHarness(dir);
    vault.addAppRole("approle", ROLE_ID, SECRET_ID);
    secrets.add(SECRET_ID);
  }

  /** The emulator. */
  public VaultEmulator vault() {
    return vault;
  }

  /** The harness. */
  public CliHarness cli() {
    return cli;
  }

  /** Loads the shared seed fixture as KV mounts of {@code version}; its values become secret. */
  public VaultCliFixture seed(int version) {
    try {
      vault.seedFromJson(
          Path.of(VaultCliFixture.class.getResource("/fixtures/secrets_seed.json").toURI()),
          version);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    secrets.addAll(SeedFixture.secretValues());
    return this;
  }

  /** Writes a secret and remembers its string values as must-never-print. */
  public void put(String mount, String path, Map<String, ?> data) {
    vault.put(mount, path, data);
    data.values().stream()
        .filter(v -> v instanceof String s && s.length() >= 6)
        .forEach(v -> secrets.add((String) v));
  }

  /** {@code VAULT_ADDR} plus AppRole credentials in {@code VAULT_ROLE_ID} / {@code SECRET_ID}. */
  public Map<String, String> appRoleEnv() {
    return env("VAULT_ROLE_ID", ROLE_ID, "VAULT_SECRET_ID", SECRET_ID);
  }

  /** {@code VAULT_ADDR} plus the given pairs. */
  public Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_ADDR", vault.address());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** Writes {@code secretsync.yaml} and runs {@code pipeline --verbose} with {@code args}. */
  public CliHarness.Result pipeline(Map<String, String> env, String yaml, String... args) {
    cli.write("secretsync.yaml", yaml);
    List<String> all = new ArrayList<>(List.of("pipeline", "--config", "secretsync.yaml", "-v"));
    all.addAll(List.of(args));
    return run(env, all.toArray(String[]::new));
  }

  /** Runs the CLI and checks the output for leaked values. */
  public CliHarness.Result run(Map<String, String> env, String... args) {
    CliHarness.Result r = cli.run(env, args);
    assertNoneOf(r, secrets);
    return r;
  }

  /** Fails when any of {@code values} appears in stdout or stderr. */
  public static void assertNoneOf(CliHarness.Result r, Collection<String> values) {
    for (String value : values) {
      assertThat(r.all()).as("output must not contain a secret value").doesNotContain(value);
    }
  }

  /** A JSON file the file target wrote, relative to the working directory. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> readJson(String relative) {
    try {
      return JSON.readValue(Files.readString(cli.workDir().resolve(relative)), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of secret files (manifest excluded) under a file target's directory. */
  public long secretFiles(String relative) {
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

  @Override
  public void close() {
    vault.close();
  }
}
