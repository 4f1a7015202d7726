package dev.secretsync.provider.vault;

import dev.secretsync.config.SourceConfig;
import dev.secretsync.config.VaultConfig;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Vault / OpenBao KV mount (v1 or v2) as a source: {@link #list()} walks it breadth-first with
 * one LIST per folder ({@link VaultLister}); {@link #read} issues exactly one GET per secret, in
 * parallel on the run's I/O pool. Secrets whose latest KV v2 version is deleted or destroyed, and
 * secrets the token may not read, are skipped with a warning — never read as empty.
 *
 * <p>The mount's KV version is detected on first use (one {@code sys/internal/ui/mounts} call)
 * unless {@code kv_version} is set. The login is the shared {@link VaultSession}'s.
 */
public final class VaultSource implements SecretSource {
  private final String name;
  private final VaultSession session;
  private final SourceConfig.Vault config;
  private final VaultConfig vault;
  private final RunContext ctx;
  private VaultKv kv;

  VaultSource(
      String name,
      VaultSession session,
      SourceConfig.Vault config,
      VaultConfig vault,
      RunContext ctx) {
    this.name = name;
    this.session = session;
    this.config = config;
    this.vault = vault;
    this.ctx = ctx;
  }

  private synchronized VaultKv kv() {
    if (kv == null) {
      kv = VaultKv.open(session, config.mount(), config.kvVersion());
    }
    return kv;
  }

  @Override
  public List<SecretKey> list() {
    VaultLister lister =
        new VaultLister(
            name,
            kv(),
            ctx,
            vault.maxTraversalDepth(),
            vault.maxSecretsPerMount(),
            vault.queueCompactionThreshold());
    return lister.list(config.paths().isEmpty() ? List.of("") : config.paths());
  }

  @Override
  public Map<SecretKey, Secret> read(Collection<SecretKey> keys) {
    VaultKv mount = kv();
    List<SecretKey> order = new ArrayList<>(keys);
    List<VaultKv.Read> results =
        VaultParallel.map(ctx, order, k -> mount.read(k.path()), "vault.read");
    Map<SecretKey, Secret> out = new TreeMap<>();
    for (int i = 0; i < order.size(); i++) {
      SecretKey key = order.get(i);
      VaultKv.Read r = results.get(i);
      if (r instanceof VaultKv.Found found) {
        out.put(key, Secret.of(found.data()));
      } else if (r instanceof VaultKv.Skipped skipped) {
        ctx.warnings()
            .warn(
                "source "
                    + name
                    + ": skipped secret \""
                    + mount.display(key.path())
                    + "\": "
                    + skipped.reason());
      }
    }
    session.secretsRead(out.size());
    return out;
  }

  /**
   * One {@code GET <mount>/metadata/<key>} per key, in parallel on the run's I/O pool. A key whose
   * metadata is gone (deleted since it was read) has none.
   *
   * @throws ProviderException on a KV v1 mount (no metadata) or a failed call
   */
  @Override
  public Map<SecretKey, Map<String, String>> customMetadata(Collection<SecretKey> keys) {
    VaultKv mount = kv();
    if (mount.version() != 2) {
      throw new ProviderException(
          "vault",
          "vault.metadata",
          false,
          "source "
              + name
              + ": mount \""
              + mount.name()
              + "\" is KV version 1, which has no custom_metadata for match_metadata to match;"
              + " import only KV v2 sources into targets with match_metadata");
    }
    List<SecretKey> order = new ArrayList<>(keys);
    List<Map<String, String>> results =
        VaultParallel.map(ctx, order, k -> mount.customMetadata(k.path()), "vault.metadata");
    Map<SecretKey, Map<String, String>> out = new TreeMap<>();
    for (int i = 0; i < order.size(); i++) {
      out.put(order.get(i), results.get(i));
    }
    return out;
  }

  /** One GET of {@code ?version=N}; KV version 1 keeps no versions, which is an error. */
  @Override
  public Optional<Secret> readVersion(SecretKey key, int version) {
    VaultKv mount = kv();
    if (mount.version() != 2) {
      throw new ProviderException(
          "vault",
          "vault.read",
          false,
          "mount \""
              + mount.name()
              + "\" is KV version 1, which keeps no versions: remove version from the job");
    }
    VaultKv.Read r = mount.read(key.path(), version);
    if (r instanceof VaultKv.Found found) {
      session.secretsRead(1);
      return Optional.of(Secret.of(found.data()));
    }
    if (r instanceof VaultKv.Skipped skipped) {
      ctx.warnings()
          .warn(
              "source "
                  + name
                  + ": skipped secret \""
                  + mount.display(key.path())
                  + "\" version "
                  + version
                  + ": "
                  + skipped.reason());
    }
    return Optional.empty();
  }

  /** The login belongs to the run's {@link VaultSessions}, which revokes it at the end. */
  @Override
  public void close() {}
}
