package dev.secretsync.provider.vault;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.spi.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code validate --check-vault}: logs in to every Vault the config uses, checks that each Vault
 * source's mount exists and that each of its paths can be listed, and that a Vault merge store's
 * mount is KV version 2; returns every problem as one line starting with its config path. Costs one
 * login per (address, namespace), one mount lookup per source and one LIST per configured path; the
 * token is revoked afterwards.
 */
public final class VaultCheck {
  private VaultCheck() {}

  /**
   * Checks the Vault sources of {@code config}.
   *
   * @param env the environment (for {@code VAULT_*} fallbacks)
   * @return problems, one line each, in source order; empty when all is well
   */
  public static List<String> check(SecretSyncConfig config, Map<String, String> env) {
    Set<String> problems = new LinkedHashSet<>();
    try (VaultSessions sessions = new VaultSessions()) {
      for (SourceConfig source : config.sources().values()) {
        if (source.vault() != null) {
          check(source, config, env, sessions, problems);
        }
      }
      if (config.mergeStore().vault() != null) {
        checkStore(config, env, sessions, problems);
      }
    }
    return new ArrayList<>(problems);
  }

  /** Number of Vault sources in {@code config} (what {@link #check} looks at). */
  public static long sources(SecretSyncConfig config) {
    return config.sources().values().stream().filter(s -> s.vault() != null).count();
  }

  private static void checkStore(
      SecretSyncConfig config,
      Map<String, String> env,
      VaultSessions sessions,
      Set<String> problems) {
    String mount = config.mergeStore().vault().mount();
    try {
      VaultSession session = sessions.session(config.vault(), "", "", env, config.baseDir());
      session.login();
      if (VaultKv.open(session, mount, "auto").version() != 2) {
        problems.add(
            "merge_store.vault.mount: \"" + mount + "\" is KV version 1; the store needs KV 2");
      }
    } catch (ProviderException e) {
      problems.add(
          (e.operation().endsWith("mounts") || e.operation().equals("store")
                  ? "merge_store.vault.mount: "
                  : "vault: ")
              + e.getMessage());
    }
  }

  private static void check(
      SourceConfig source,
      SecretSyncConfig config,
      Map<String, String> env,
      VaultSessions sessions,
      Set<String> problems) {
    String path = "sources." + source.name() + ".vault";
    SourceConfig.Vault v = source.vault();
    VaultSession session;
    try {
      session = sessions.session(config.vault(), v.address(), v.namespace(), env, config.baseDir());
      session.login();
    } catch (ProviderException e) {
      // The same login problem for several sources is reported once, under vault.
      problems.add("vault: " + e.getMessage());
      return;
    }
    VaultKv kv;
    try {
      kv = VaultKv.open(session, v.mount(), v.kvVersion());
    } catch (ProviderException e) {
      problems.add(path + ".mount: " + e.getMessage());
      return;
    }
    List<String> paths = v.paths().isEmpty() ? List.of("") : v.paths();
    for (int i = 0; i < paths.size(); i++) {
      String folder = paths.get(i).replaceAll("^/+|/+$", "");
      folder = folder.isEmpty() ? "" : folder + "/";
      String where = folder.isEmpty() ? path + ".mount" : path + ".paths[" + i + "]";
      try {
        VaultKv.Listing listing = kv.list(folder);
        if (listing.denied()) {
          problems.add(
              where
                  + ": cannot list \""
                  + kv.display(folder)
                  + "\": "
                  + listing.refused().describeError());
        } else if (listing.notFound()
            && (!folder.isEmpty() || !listing.refused().errors().isEmpty())) {
          // Vault answers an empty folder with 404 and no errors; "no handler" means no mount.
          problems.add(
              where
                  + ": nothing to list at \""
                  + kv.display(folder)
                  + "\": "
                  + listing.refused().describeError());
        }
      } catch (ProviderException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
  }
}
