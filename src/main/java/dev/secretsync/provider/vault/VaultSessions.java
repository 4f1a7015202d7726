package dev.secretsync.provider.vault;

import dev.secretsync.config.VaultConfig;
import dev.secretsync.observability.Metrics;
import dev.secretsync.resilience.Breakers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vault connections of one run: one HTTP client per Vault address (and TLS settings), one
 * {@link VaultSession} (one login) per (address, namespace), shared by every source and the merge
 * store. The CLI's provider registry owns one instance and closes it at the end of the run, which
 * revokes the tokens the run created. Thread-safe.
 */
public final class VaultSessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VaultSessions.class);

  /** First retry delay before jitter; tests may shorten it. */
  private final long backoffBaseMillis;

  private final Breakers breakers;
  private final Metrics metrics;

  private final Map<String, VaultHttp> clients = new ConcurrentHashMap<>();
  private final Map<String, VaultSession> sessions = new ConcurrentHashMap<>();
  private boolean closed; // guarded by this

  /** Sessions without circuit breakers or metrics (e.g. {@code validate --check-vault}). */
  public VaultSessions() {
    this(null, null);
  }

  /**
   * Sessions whose calls go through the run's breakers ({@code vault:<address>}) and metrics.
   *
   * @param breakers the run's circuit breakers, or null
   * @param metrics the run's metrics, or null
   */
  public VaultSessions(Breakers breakers, Metrics metrics) {
    this(100, breakers, metrics);
  }

  VaultSessions(long backoffBaseMillis) {
    this(backoffBaseMillis, null, null);
  }

  private VaultSessions(long backoffBaseMillis, Breakers breakers, Metrics metrics) {
    this.backoffBaseMillis = backoffBaseMillis;
    this.breakers = breakers;
    this.metrics = metrics;
  }

  /**
   * The session for the settings of a source (or the merge store), created on first use. Logging in
   * happens on the session's first call.
   *
   * @param cfg the {@code vault:} block
   * @param addressOverride a per-source address, or empty
   * @param namespaceOverride a per-source namespace, or empty
   * @param env the run's environment (fallbacks such as {@code VAULT_ADDR})
   * @param baseDir where relative paths (token and CA files) resolve
   */
  VaultSession session(
      VaultConfig cfg,
      String addressOverride,
      String namespaceOverride,
      Map<String, String> env,
      Path baseDir) {
    VaultSettings s = VaultSettings.resolve(cfg, addressOverride, namespaceOverride, env, baseDir);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("Vault sessions are closed");
      }
    }
    VaultHttp http =
        clients.computeIfAbsent(
            s.clientKey(),
            k -> {
              if (!s.address().startsWith("https://")) {
                return new VaultHttp(
                    s.address(), null, false, backoffBaseMillis, breakers, metrics);
              }
              if (s.skipVerify()) {
                LOG.warn("Vault at {}: TLS verification is disabled (skip_verify)", s.address());
              }
              return new VaultHttp(
                  s.address(),
                  VaultTls.context(s.caCert(), s.skipVerify()),
                  s.skipVerify(),
                  backoffBaseMillis,
                  breakers,
                  metrics);
            });
    return sessions.computeIfAbsent(
        s.sessionKey(), k -> new VaultSession(http, s.namespace(), s.auth()));
  }

  /** Revokes the tokens this run created (one call per session that logged in). Never throws. */
  @Override
  public void close() {
    List<VaultSession> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(sessions.values());
    }
    for (VaultSession s : all) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("Vault: closing the session at {} failed: {}", s.address(), e.getMessage());
      }
    }
    sessions.clear();
    clients.values().forEach(VaultHttp::close);
    clients.clear();
  }
}
