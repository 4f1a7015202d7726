package dev.secretsync.provider.file;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.IoProblems;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretDiff;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.spi.ApplyAbortedException;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget;
import dev.secretsync.spi.TargetState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON file per key under a directory ({@code <path>/<key>.json}), for sidecars and
 * local development. Files are written atomically, with mode {@code file_mode} (default 0600), and
 * only when their content changes. Ownership is recorded in {@link FileManifest}; files we did not
 * write are never touched unless {@code adopt_unmanaged} is set.
 */
public final class FileTarget implements SecretTarget {
  private static final Logger LOG = LoggerFactory.getLogger(FileTarget.class);

  private final TargetConfig config;
  private final Path root;
  private final Set<PosixFilePermission> mode;
  private final Optional<FingerprintKey> configuredKey;

  /**
   * @param config the target's config
   * @param root the output directory (resolved)
   * @param ctx the run (its configured fingerprint key)
   */
  public FileTarget(TargetConfig config, Path root, RunContext ctx) {
    this.config = config;
    this.root = root;
    this.configuredKey = ctx.configuredKey();
    this.mode = AtomicFiles.mode(config.fileMode());
  }

  /**
   * A warning when {@code file_mode} lets other accounts read the files (any group or other bit),
   * else {@code null}.
   */
  public static String looseModeWarning(TargetConfig config) {
    int bits = Integer.parseInt(config.fileMode(), 8);
    if ((bits & 0077) == 0) {
      return null;
    }
    return "target "
        + config.name()
        + ": file_mode "
        + config.fileMode()
        + " lets other users read the secrets; use 0600 unless another account must read them";
  }

  @Override
  public TargetState current() {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new ProviderException("file", "state", false, root + " exists and is not a directory");
    }
    try {
      FileManifest.Content manifest = FileManifest.read(root, config.name());
      // Without a configured key, the target keeps its own in the manifest (0600, beside the
      // files it protects); a dry run that finds none plans with a key for this run alone.
      FingerprintKey kept =
          manifest.key() != null || configuredKey.isPresent()
              ? manifest.key()
              : FingerprintKey.generate();
      Map<SecretKey, FileTargetState.Existing> files = new TreeMap<>();
      if (Files.isDirectory(root)) {
        Path real = root.toRealPath(); // follow a root that is a symlink
        try (Stream<Path> walk = Files.walk(real)) {
          for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
            SecretKey key = keyOf(real, p);
            if (key != null && Files.isRegularFile(p)) {
              files.put(key, new FileTargetState.Existing(readOrNull(p)));
            }
          }
        }
      }
      return new FileTargetState(
          files, manifest.owned(), configuredKey.orElse(kept), kept, manifest.key() != null);
    } catch (IOException e) {
      String why =
          e instanceof FileManifest.OwnedByAnotherTarget
              ? e.getMessage()
              : "cannot read " + root + ": " + IoProblems.describe(e);
      throw new ProviderException("file", "state", false, why, e);
    }
  }

  private static SecretKey keyOf(Path root, Path p) {
    String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    // Our own bookkeeping files are not secrets; every other file, dot-names included, is.
    String last = rel.substring(rel.lastIndexOf('/') + 1);
    if (!rel.endsWith(".json") || last.startsWith(".secretsync-")) {
      return null;
    }
    String key = rel.substring(0, rel.length() - ".json".length());
    return SecretKey.problem(key) == null ? SecretKey.of(key) : null;
  }

  private static Secret readOrNull(Path p) {
    try {
      return Secret.of(JsonFiles.readObject(p, p.toString()));
    } catch (IOException e) {
      return null; // unreadable or not an object: planned as an update if we own it
    }
  }

  @Override
  public TargetPlan plan(Bundle desired, TargetState state) {
    FileTargetState s = (FileTargetState) state;
    List<Change> changes = new ArrayList<>();
    List<KeyError> errors = new ArrayList<>();
    desired.secrets().forEach((key, secret) -> planOne(key, secret, s, changes, errors));
    for (SecretKey owned : s.manifest().keySet()) {
      if (desired.get(owned) == null && s.files().containsKey(owned)) {
        Fingerprint before = s.files().get(owned).fingerprint(s.key());
        changes.add(
            config.deletion().deletes()
                ? Change.of(
                    ChangeKind.DELETE,
                    owned,
                    fileName(owned),
                    before,
                    null,
                    "no longer in the bundle")
                : Change.of(
                    ChangeKind.ORPHAN,
                    owned,
                    fileName(owned),
                    before,
                    null,
                    "no longer in the bundle; kept (deletion.policy: retain)"));
      }
    }
    return new TargetPlan(config.name(), changes, errors);
  }

  private void planOne(
      SecretKey key,
      Secret secret,
      FileTargetState s,
      List<Change> changes,
      List<KeyError> errors) {
    String name = fileName(key);
    String last = key.path().substring(key.path().lastIndexOf('/') + 1);
    if (last.startsWith(".secretsync-")) {
      errors.add(
          new KeyError(
              key,
              name,
              "names starting with .secretsync- are reserved for secretsync's own files"));
      return;
    }
    FileTargetState.Existing existing = s.files().get(key);
    Fingerprint after = secret.fingerprint(s.key());
    if (existing != null && after.equals(existing.fingerprint(s.key())) && !s.owns(key)) {
      // Identical content (e.g. written by a run that died before its manifest): take it over.
      changes.add(Change.of(ChangeKind.TAGS, key, name, after, after, "adopt: identical content"));
      return;
    }
    if (existing == null) {
      String why = s.owns(key) ? "file missing (removed outside secretsync)" : "new";
      changes.add(Change.of(ChangeKind.CREATE, key, name, null, after, why));
      return;
    }
    if (!s.owns(key) && !config.adoptUnmanaged()) {
      errors.add(
          new KeyError(
              key,
              name,
              "file exists but was not written by secretsync; move it away, or set"
                  + " adopt_unmanaged: true on target "
                  + config.name()
                  + " to take it over"));
      return;
    }
    Fingerprint before = existing.fingerprint(s.key());
    if (after.equals(before)) {
      changes.add(
          s.owns(key)
              ? Change.of(ChangeKind.UNCHANGED, key, name, before, after, "")
              : Change.of(ChangeKind.TAGS, key, name, before, after, "adopt: record ownership"));
      return;
    }
    String why = before == null ? "file is not a readable JSON object" : "value differs";
    changes.add(
        new Change(
            ChangeKind.UPDATE,
            key,
            name,
            before,
            after,
            why,
            existing.content() == null
                ? List.of()
                : SecretDiff.between(existing.content(), secret)));
  }

  private static String fileName(SecretKey key) {
    return key.path() + ".json";
  }

  @Override
  public ApplyResult apply(TargetPlan plan, Bundle desired, TargetState state) {
    FileTargetState s = (FileTargetState) state;
    sweepStaleTempFiles();
    Map<SecretKey, Fingerprint> owned = new TreeMap<>(s.manifest());
    owned.keySet().removeIf(k -> !s.files().containsKey(k) && desired.get(k) == null);
    List<Change> applied = new ArrayList<>();
    List<KeyError> failures = new ArrayList<>();
    boolean interrupted = false;
    for (Change c : plan.changes()) {
      if (Thread.interrupted()) {
        // Stop here, but still record ownership of the files already written (below).
        interrupted = true;
        break;
      }
      try {
        switch (c.kind()) {
          case CREATE, UPDATE -> {
            Secret secret = desired.get(c.key());
            byte[] bytes =
                CanonicalJson.writePretty(secret.data()).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(root.resolve(c.name()), bytes, mode);
            owned.put(c.key(), secret.fingerprint(s.key()));
            applied.add(c);
          }
          case TAGS -> {
            owned.put(c.key(), c.after());
            applied.add(c);
          }
          case DELETE -> {
            AtomicFiles.delete(root.resolve(c.name()), root);
            owned.remove(c.key());
            applied.add(c);
          }
          case UNCHANGED -> owned.put(c.key(), c.after());
          default -> {}
        }
      } catch (IOException e) {
        failures.add(
            new KeyError(
                c.key(),
                c.name(),
                c.kind().label() + " failed: " + IoProblems.describe(e) + " (" + root + ")"));
      } catch (RuntimeException e) {
        failures.add(
            new KeyError(c.key(), c.name(), c.kind().label() + " failed: " + e.getMessage()));
      }
    }
    if (!owned.equals(s.manifest()) || (s.keptKey() != null && !s.manifestHasKey())) {
      try {
        FileManifest.write(root, config.name(), new FileManifest.Content(owned, s.keptKey()));
      } catch (IOException e) {
        // The files above were written: the report must count them although the target failed.
        throw new ApplyAbortedException(
            "file",
            "write",
            false,
            "cannot write " + root.resolve(FileManifest.NAME) + ": " + IoProblems.describe(e),
            e,
            new ApplyResult(applied, failures));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new ApplyAbortedException(
          "file",
          "write",
          false,
          "interrupted while applying",
          null,
          new ApplyResult(applied, failures));
    }
    return new ApplyResult(applied, failures);
  }

  /** Temp files a killed run left in the directories this target writes (they hold values). */
  private void sweepStaleTempFiles() {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.walk(root)) {
      dirs.filter(Files::isDirectory).forEach(d -> TempFiles.sweep(d, Clock.systemUTC()));
    } catch (IOException | UncheckedIOException e) {
      // Not fatal: the writes below still go through fresh temp files.
      LOG.warn("target {}: cannot look for stale temp files: {}", config.name(), e.getMessage());
    }
  }

  @Override
  public void close() {}
}
