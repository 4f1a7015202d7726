package dev.secretsync.provider.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.BundleHistory;
import dev.secretsync.spi.HistoryOrigin;
import dev.secretsync.spi.KeptKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Merge store in a local directory: {@code <path>/<target>.json} holding the bundle and its
 * fingerprint. Plaintext (directory 0700, files 0600): for development and single-machine use. The
 * version token is the bundle's fingerprint; saves compare it under a lock file, so two runs on one
 * machine cannot overwrite each other. Without a configured fingerprint key, the store keeps its
 * own in {@code <path>/.fingerprint-key} (0600, beside the plaintext bundles it protects).
 */
public final class DirectoryMergeStore implements MergeStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String KEY_FILE = ".fingerprint-key";
  private final Path root;
  private final KeptKey fingerprintKey;
  private final AtomicBoolean swept = new AtomicBoolean();
  private final RunContext ctx;
  private final DirectoryHistory history;

  /** A store without history. */
  public DirectoryMergeStore(Path root, RunContext ctx) {
    this(root, ctx, 0);
  }

  /**
   * @param root the directory (created on first save)
   * @param ctx the run (its configured fingerprint key, dry run)
   * @param keepHistory versions kept per target ({@link DirectoryHistory}); 0 records none
   */
  public DirectoryMergeStore(Path root, RunContext ctx, int keepHistory) {
    this.root = root;
    this.ctx = ctx;
    this.fingerprintKey =
        KeptKey.of(ctx, () -> KeyFiles.loadOrCreate(root.resolve(KEY_FILE), !ctx.dryRun()));
    this.history = keepHistory > 0 ? new DirectoryHistory(root, fingerprintKey, keepHistory) : null;
  }

  @Override
  public Optional<BundleHistory> history() {
    return Optional.ofNullable(history);
  }

  @Override
  public Fingerprint fingerprint(Bundle bundle) {
    return bundle.fingerprint(fingerprintKey.get());
  }

  @Override
  public Optional<StoredVersion> describe(String target) {
    return load(target).map(StoredBundle::version);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<StoredBundle> load(String target) {
    Path file = file(target);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> json =
          MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Map.class);
      Map<SecretKey, Secret> secrets = new TreeMap<>();
      ((Map<String, Map<String, Object>>) json.get("secrets"))
          .forEach((k, v) -> secrets.put(SecretKey.of(k), Secret.of(v)));
      Bundle bundle = Bundle.of(secrets);
      Fingerprint fp = fingerprint(bundle);
      return Optional.of(new StoredBundle(bundle, new StoredVersion(fp.hex(), fp)));
    } catch (IOException | RuntimeException e) {
      throw new ProviderException(
          "directory",
          "load",
          false,
          "merge store file " + file + " is damaged (" + e.getClass().getSimpleName() + ")",
          null);
    }
  }

  @Override
  public StoredVersion save(String target, Bundle bundle, Optional<String> expectedVersion) {
    return save(target, bundle, expectedVersion, HistoryOrigin.of(ctx));
  }

  /** Stores the bundle and, under the same lock, records it in the history. */
  @Override
  public StoredVersion save(
      String target, Bundle bundle, Optional<String> expectedVersion, HistoryOrigin origin) {
    // The JVM lock orders this process's threads; the file lock orders other processes (two
    // runs on one machine) — FileChannel.lock alone throws when this JVM already holds it.
    synchronized (DirectoryMergeStore.class) {
      try {
        AtomicFiles.createDirectories(root);
        if (swept.compareAndSet(false, true)) {
          TempFiles.sweep(root, Clock.systemUTC()); // left by a run killed mid-write
        }
        try (FileChannel lockFile =
                FileChannel.open(
                    root.resolve("." + target + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock()) {
          StoredVersion stored = saveLocked(target, bundle, expectedVersion);
          if (history != null && !target.startsWith(RECORD_PREFIX)) {
            history.record(target, bundle, origin);
          }
          return stored;
        }
      } catch (IOException e) {
        throw new ProviderException(
            "directory", "save", false, "cannot write " + file(target) + ": " + e.getMessage(), e);
      }
    }
  }

  private StoredVersion saveLocked(String target, Bundle bundle, Optional<String> expectedVersion)
      throws IOException {
    String current = describe(target).map(StoredVersion::version).orElse(null);
    if (!Objects.equals(current, expectedVersion.orElse(null))) {
      throw new ProviderException(
          "directory",
          "save",
          false,
          "merge store changed underneath this run: "
              + file(target)
              + " was modified by someone else; re-run");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", target);
    Fingerprint fp = fingerprint(bundle);
    json.put("fingerprint", fp.hex());
    json.put("secrets", bundle.toJsonObject());
    AtomicFiles.write(
        file(target),
        CanonicalJson.writePretty(json).getBytes(StandardCharsets.UTF_8),
        AtomicFiles.mode("0600"));
    return new StoredVersion(fp.hex(), fp);
  }

  private Path file(String target) {
    return root.resolve(target + ".json");
  }

  @Override
  public String describe() {
    return "directory " + root;
  }
}
