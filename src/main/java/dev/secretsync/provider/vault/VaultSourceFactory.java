package dev.secretsync.provider.vault;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;

/** Creates Vault sources from config, on the run's shared {@link VaultSessions}. */
public final class VaultSourceFactory {
  private VaultSourceFactory() {}

  /**
   * The source {@code config} (whose {@code vault} block is set). Nothing is sent to Vault yet: the
   * login and mount detection happen on the first {@code list()} or {@code read()}.
   *
   * @throws dev.secretsync.spi.ProviderException when the address or credentials are missing
   */
  public static SecretSource create(
      SourceConfig config, SecretSyncConfig all, RunContext ctx, VaultSessions sessions) {
    SourceConfig.Vault v = config.vault();
    VaultSession session =
        sessions.session(all.vault(), v.address(), v.namespace(), ctx.env(), ctx.baseDir());
    return new VaultSource(config.name(), session, v, all.vault(), ctx);
  }
}
