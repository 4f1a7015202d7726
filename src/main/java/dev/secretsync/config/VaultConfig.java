package dev.secretsync.config;

/**
 * Vault / OpenBao connection settings ({@code vault:}). Empty strings mean "not set": the Vault
 * provider then falls back to {@code VAULT_*} environment variables.
 *
 * @param address e.g. {@code https://vault:8200}
 * @param namespace Vault Enterprise / OpenBao namespace, or empty
 * @param auth how to log in (at most one method; none = token from env or ~/.vault-token)
 * @param tls TLS settings
 * @param maxSecretsPerMount listing stops with an error past this many secrets in one mount
 * @param maxTraversalDepth listing stops with an error past this folder depth
 * @param queueCompactionThreshold listing-queue compaction threshold; 0 = automatic
 */
public record VaultConfig(
    String address,
    String namespace,
    Auth auth,
    Tls tls,
    int maxSecretsPerMount,
    int maxTraversalDepth,
    int queueCompactionThreshold) {

  /** Defaults: no address (env), no auth block, limits 100000 / 100, automatic compaction. */
  public static VaultConfig defaults() {
    return new VaultConfig("", "", Auth.NONE, new Tls("", false), 100_000, 100, 0);
  }

  /**
   * The login method; exactly one of the fields is non-null, or none.
   *
   * @param token a fixed token
   * @param approle AppRole login
   * @param kubernetes Kubernetes service-account login
   * @param jwt JWT/OIDC login (e.g. the GitHub Actions OIDC token)
   */
  public record Auth(Token token, AppRole approle, Kubernetes kubernetes, Jwt jwt) {
    /** No auth block. */
    public static final Auth NONE = new Auth(null, null, null, null);

    /** The configured method's name, or {@code "none"}. */
    public String method() {
      if (token != null) {
        return "token";
      }
      if (approle != null) {
        return "approle";
      }
      if (kubernetes != null) {
        return "kubernetes";
      }
      return jwt != null ? "jwt" : "none";
    }
  }

  /** {@code auth.token}. @param token the token (usually {@code ${VAULT_TOKEN}}) */
  public record Token(String token) {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  /**
   * {@code auth.approle}.
   *
   * @param mount auth mount, default {@code approle}
   * @param roleId role id
   * @param secretId secret id (never printed)
   */
  public record AppRole(String mount, String roleId, String secretId) {
    @Override
    public String toString() {
      return "AppRole[mount=" + mount + ", roleId=" + roleId + ", secretId=***]";
    }
  }

  /**
   * {@code auth.kubernetes}.
   *
   * @param role Vault role
   * @param mount auth mount, default {@code kubernetes}
   * @param tokenFile service-account token file
   */
  public record Kubernetes(String role, String mount, String tokenFile) {}

  /**
   * {@code auth.jwt}.
   *
   * @param role Vault role
   * @param mount auth mount, default {@code jwt}
   * @param tokenFile file holding the JWT, or empty
   * @param tokenEnv environment variable holding the JWT, or empty
   */
  public record Jwt(String role, String mount, String tokenFile, String tokenEnv) {}

  /**
   * {@code tls}.
   *
   * @param caCert PEM file of the CA to trust, or empty
   * @param skipVerify disable certificate verification (testing only)
   */
  public record Tls(String caCert, boolean skipVerify) {}
}
