package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Shared set-up: the seed fixture laid out as file sources, and helpers to inspect outputs. */
abstract class LocalPipelineTestBase {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String SEED_CONFIG =
      """
      sources:
        analytics: {file: {path: sources/analytics}}
        data-engineers: {file: {path: sources/data-engineers}}
      targets:
        Staging:
          type: file
          path: out/staging
          imports: [analytics, data-engineers]
        Production: {type: file, path: out/production, imports: [Staging]}
        Demo: {type: file, path: out/demo, imports: [Production]}
      """;

  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void layOutSeed() {
    cli = new CliHarness(dir);
    SeedFixture.writeFileSources(dir.resolve("sources"));
    cli.write("secretsync.yaml", SEED_CONFIG);
  }

  CliHarness.Result pipeline(String... extra) {
    String[] args = CliHarness.pipelineArgs(extra);
    CliHarness.Result r = cli.run(args);
    if (!java.util.List.of(extra).contains("--show-values")) {
      assertNoSecretValues(r);
    }
    return r;
  }

  static void assertNoSecretValues(CliHarness.Result r) {
    for (String value : SeedFixture.secretValues()) {
      assertThat(r.all()).as("output must not contain a secret value").doesNotContain(value);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> readJson(String relative) throws IOException {
    return JSON.readValue(Files.readString(dir.resolve(relative)), Map.class);
  }

  /** Path → (sha256 of content, permissions, mtime) for every file and dir under {@code root}. */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        String mtime = Files.getLastModifiedTime(p).toString();
        String hash = Files.isRegularFile(p) ? sha256(Files.readAllBytes(p)) : "dir";
        out.put(root.relativize(p).toString(), hash + " " + perms + " " + mtime);
      }
    }
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
