package dev.secretsync.provider.vault;

import dev.secretsync.config.VaultConfig;
import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Connection settings after applying per-source overrides and environment fallbacks: {@code
 * VAULT_ADDR}, {@code VAULT_NAMESPACE}, {@code VAULT_CACERT}, {@code VAULT_SKIP_VERIFY}, and — when
 * {@code vault.auth} is absent — {@code VAULT_TOKEN}, then {@code VAULT_ROLE_ID} + {@code
 * VAULT_SECRET_ID} (AppRole at {@code approle}), then {@code ~/.vault-token}.
 *
 * @param address the Vault address, without trailing slash
 * @param namespace the namespace without surrounding slashes, or empty
 * @param caCert a PEM file of CAs to trust, or null
 * @param skipVerify whether to skip TLS verification
 * @param auth how to obtain a token
 */
record VaultSettings(
    String address, String namespace, Path caCert, boolean skipVerify, VaultAuthMethod auth) {
  /** Lower-cased values of Go's strconv.ParseBool (the Vault CLI) that mean true, plus "yes". */
  private static final Set<String> TRUE_VALUES = Set.of("1", "t", "true", "yes");

  /** Sessions are shared per (address, namespace). */
  String sessionKey() {
    return address + "|" + namespace;
  }

  /** HTTP clients are shared per (address, TLS settings). */
  String clientKey() {
    return address + "|" + caCert + "|" + skipVerify;
  }

  /**
   * Resolves the settings of one source.
   *
   * @param cfg the {@code vault:} block
   * @param addressOverride the source's {@code address}, or empty
   * @param namespaceOverride the source's {@code namespace}, or empty
   * @param env the run's environment
   * @param baseDir where relative paths resolve
   * @throws ProviderException naming what is missing
   */
  static VaultSettings resolve(
      VaultConfig cfg,
      String addressOverride,
      String namespaceOverride,
      Map<String, String> env,
      Path baseDir) {
    String address = first(addressOverride, cfg.address(), env.get("VAULT_ADDR"));
    if (address.isEmpty()) {
      throw problem("no Vault address: set vault.address or VAULT_ADDR");
    }
    if (!address.startsWith("http://") && !address.startsWith("https://")) {
      throw problem("Vault address \"" + address + "\" must start with http:// or https://");
    }
    while (address.endsWith("/")) {
      address = address.substring(0, address.length() - 1);
    }
    String namespace = first(namespaceOverride, cfg.namespace(), env.get("VAULT_NAMESPACE"));
    namespace = namespace.replaceAll("^/+|/+$", "");
    String ca = first(cfg.tls().caCert(), env.get("VAULT_CACERT"));
    boolean skip = cfg.tls().skipVerify() || truthy(env.get("VAULT_SKIP_VERIFY"));
    return new VaultSettings(
        address,
        namespace,
        ca.isEmpty() ? null : baseDir.resolve(ca),
        skip,
        auth(cfg.auth(), env, baseDir));
  }

  private static VaultAuthMethod auth(VaultConfig.Auth a, Map<String, String> env, Path baseDir) {
    if (a.token() != null) {
      if (a.token().token().isBlank()) {
        throw problem("vault.auth.token.token is empty");
      }
      return new VaultAuthMethod.FixedToken(a.token().token().strip(), "vault.auth.token");
    }
    if (a.approle() != null) {
      VaultConfig.AppRole r = a.approle();
      if (r.roleId().isBlank() || r.secretId().isBlank()) {
        throw problem("approle (mount \"" + r.mount() + "\"): role_id and secret_id are required");
      }
      return new VaultAuthMethod.AppRole(mount(r.mount()), r.roleId(), r.secretId());
    }
    if (a.kubernetes() != null) {
      VaultConfig.Kubernetes k = a.kubernetes();
      return new VaultAuthMethod.Kubernetes(
          mount(k.mount()), k.role(), baseDir.resolve(k.tokenFile()));
    }
    if (a.jwt() != null) {
      VaultConfig.Jwt j = a.jwt();
      if (!j.tokenEnv().isEmpty()) {
        String jwt = env.get(j.tokenEnv());
        if (jwt == null || jwt.isBlank()) {
          throw problem(
              "jwt (mount \""
                  + mount(j.mount())
                  + "\"): environment variable "
                  + j.tokenEnv()
                  + " is not set");
        }
        return new VaultAuthMethod.Jwt(mount(j.mount()), j.role(), null, j.tokenEnv(), jwt.strip());
      }
      return new VaultAuthMethod.Jwt(
          mount(j.mount()), j.role(), baseDir.resolve(j.tokenFile()), null, null);
    }
    return fromEnvironment(env);
  }

  private static VaultAuthMethod fromEnvironment(Map<String, String> env) {
    String token = env.get("VAULT_TOKEN");
    if (token != null && !token.isBlank()) {
      return new VaultAuthMethod.FixedToken(token.strip(), "VAULT_TOKEN");
    }
    String roleId = env.get("VAULT_ROLE_ID");
    String secretId = env.get("VAULT_SECRET_ID");
    if (roleId != null && !roleId.isBlank() && secretId != null && !secretId.isBlank()) {
      return new VaultAuthMethod.AppRole("approle", roleId.strip(), secretId.strip());
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      Path file = Path.of(home, ".vault-token");
      if (Files.isRegularFile(file)) {
        try {
          String fromFile = Files.readString(file, StandardCharsets.UTF_8).strip();
          if (!fromFile.isEmpty()) {
            return new VaultAuthMethod.FixedToken(fromFile, "~/.vault-token");
          }
        } catch (IOException e) {
          throw problem("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
      }
    }
    throw problem(
        "no Vault credentials: configure vault.auth, or set VAULT_TOKEN, or VAULT_ROLE_ID and"
            + " VAULT_SECRET_ID, or log in so that ~/.vault-token exists");
  }

  private static String mount(String m) {
    return m.replaceAll("^/+|/+$", "");
  }

  private static boolean truthy(String v) {
    return v != null && TRUE_VALUES.contains(v.strip().toLowerCase(Locale.ROOT));
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return "";
  }

  private static ProviderException problem(String message) {
    return new ProviderException("vault", "configure", false, message);
  }
}
