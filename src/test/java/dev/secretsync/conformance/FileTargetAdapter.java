package dev.secretsync.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * File targets ({@code type: file}): each target writes under {@code out/<name>}. A file target has
 * no remote calls, so its writes are counted from the disk: every secret file created, rewritten (a
 * new inode, as atomic writes make) or removed since the last reset.
 */
final class FileTargetAdapter implements TargetAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private Map<String, Map<String, String>> baseline = new HashMap<>();

  @Override
  public String type() {
    return "file";
  }

  @Override
  public void start(Path dir) {
    this.dir = dir;
  }

  @Override
  public String globalYaml() {
    return "";
  }

  @Override
  public String targetYaml(String target, String shareWith) {
    return "type: file\npath: out/" + (shareWith == null ? target : shareWith) + "\n";
  }

  @Override
  public Map<String, String> env() {
    return Map.of();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> read(String target, String key) {
    Path file = file(target, key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> snapshot(String target) {
    Path root = dir.resolve("out").resolve(target);
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && rel.endsWith(".json") && !name.startsWith(".secretsync-")) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          out.put(
              rel.substring(0, rel.length() - ".json".length()),
              sha256(Files.readAllBytes(p)) + "@" + a.fileKey());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public void changeOutOfBand(String target, String key, Map<String, Object> value) {
    write(file(target, key), value);
  }

  @Override
  public void createUnmanaged(String target, String key, Map<String, Object> value) {
    write(file(target, key), value);
    baseline.computeIfAbsent(target, this::snapshot).put(key, snapshot(target).get(key));
  }

  @Override
  public long writeCalls() {
    long n = 0;
    for (String target : targets()) {
      Map<String, String> before = baseline.getOrDefault(target, Map.of());
      Map<String, String> now = snapshot(target);
      n +=
          now.entrySet().stream()
              .filter(e -> !Objects.equals(before.get(e.getKey()), e.getValue()))
              .count();
      n += before.keySet().stream().filter(k -> !now.containsKey(k)).count();
    }
    return n;
  }

  @Override
  public void resetCounters() {
    baseline = new HashMap<>();
    targets().forEach(t -> baseline.put(t, snapshot(t)));
  }

  /**
   * A non-empty directory where the key's file must go: the atomic rename onto it fails, as a full
   * disk or a read-only mount would fail one write (permissions cannot: tests may run as root).
   */
  @Override
  public void failOneWrite(String target, String key) {
    try {
      Path blocker = file(target, key);
      Files.createDirectories(blocker);
      Files.writeString(blocker.resolve("blocker"), "x");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String refusedKey() {
    return "app/.secretsync-reserved";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public String whyNot(Capability capability) {
    return switch (capability) {
      case VALUE_SIZE_LIMIT -> "files have no size limit";
      case SHARED_PLACE ->
          "two file targets never share a directory: validate refuses such a config"
              + " (TargetBehaviourTest.fileTargetsSharingADirectoryAreRefusedAtValidation)";
    };
  }

  @Override
  public void close() {}

  private Set<String> targets() {
    Path out = dir.resolve("out");
    if (!Files.isDirectory(out)) {
      return Set.of();
    }
    try (Stream<Path> list = Files.list(out)) {
      return list.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(String target, String key) {
    return dir.resolve("out").resolve(target).resolve(key + ".json");
  }

  private static void write(Path file, Map<String, Object> value) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(value), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
