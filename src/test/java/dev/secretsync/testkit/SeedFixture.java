package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared seed fixture ({@code fixtures/secrets_seed.json}, a copy of {@code
 * shared/fixtures/secrets_seed.json}): sources of secrets that exercise every merge rule.
 */
public final class SeedFixture {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SeedFixture() {}

  /** The whole fixture document. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> document() {
    try (InputStream in = SeedFixture.class.getResourceAsStream("/fixtures/secrets_seed.json")) {
      return MAPPER.readValue(in, Map.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** source name → secret key → secret object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Map<String, Object>>> sources() {
    return (Map<String, Map<String, Map<String, Object>>>) document().get("sources");
  }

  /**
   * {@code config/database} as {@code Staging ← [analytics, data-engineers]} must merge it (and
   * every target inheriting Staging must carry): later wins, lists append.
   */
  public static Map<String, Object> expectedStagingDatabase() {
    return Map.of(
        "host",
        "engineers-db.internal",
        "port",
        5433,
        "database",
        "engineering",
        "ssl",
        true,
        "pool_size",
        20,
        "tags",
        List.of("analytics", "database", "engineering", "database", "extra-tag"));
  }

  /** Writes each source as a directory of JSON files under {@code dir/<source>/}. */
  public static void writeFileSources(Path dir) {
    try {
      for (var source : sources().entrySet()) {
        for (var secret : source.getValue().entrySet()) {
          Path file = dir.resolve(source.getKey()).resolve(secret.getKey() + ".json");
          Files.createDirectories(file.getParent());
          Files.writeString(file, MAPPER.writeValueAsString(secret.getValue()));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every string value in the fixture of 6+ characters that does not also occur as a key or source
   * name — what must never appear in output unless values are asked for.
   */
  public static List<String> secretValues() {
    List<String> all = new ArrayList<>();
    List<String> names = new ArrayList<>(sources().keySet());
    for (var source : sources().values()) {
      names.addAll(source.keySet());
      for (var secret : source.values()) {
        collect(secret, all);
      }
    }
    // Values that are also names (a tag "analytics" = the source "analytics") legitimately appear,
    // and so does a region ("us-east-1" is a value of the "shared" source, and our region).
    return all.stream()
        .filter(v -> names.stream().noneMatch(n -> n.contains(v)))
        .filter(v -> !v.matches("[a-z]{2}-[a-z]+-\\d"))
        .distinct()
        .toList();
  }

  private static void collect(Object v, List<String> out) {
    if (v instanceof Map<?, ?> m) {
      m.values().forEach(x -> collect(x, out));
    } else if (v instanceof List<?> l) {
      l.forEach(x -> collect(x, out));
    } else if (v instanceof String s && s.length() >= 6) {
      out.add(s);
    }
  }
}
