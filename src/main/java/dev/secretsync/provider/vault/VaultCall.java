package dev.secretsync.provider.vault;

import java.util.Map;

/**
 * One Vault API request as the client describes it (before a token, namespace or request id is
 * attached).
 *
 * @param operation a short name for errors and logs, e.g. {@code vault.list}, {@code vault.read}
 * @param method HTTP method
 * @param path API path below {@code /v1/}, not encoded, e.g. {@code analytics/metadata/config/}
 * @param list whether to add {@code ?list=true} (Vault's GET form of LIST, safe through proxies)
 * @param body JSON body (maps, lists, scalars), or null; may hold secret material — never logged
 * @param authenticated whether to send the client token (false for logins)
 * @param query a query string without {@code ?} (e.g. {@code version=3}), or null
 */
record VaultCall(
    String operation,
    String method,
    String path,
    boolean list,
    Map<String, ?> body,
    boolean authenticated,
    String query) {

  VaultCall(
      String operation,
      String method,
      String path,
      boolean list,
      Map<String, ?> body,
      boolean authenticated) {
    this(operation, method, path, list, body, authenticated, null);
  }

  static VaultCall get(String operation, String path) {
    return new VaultCall(operation, "GET", path, false, null, true);
  }

  /** A GET with a query string, e.g. {@code version=3}. */
  static VaultCall get(String operation, String path, String query) {
    return new VaultCall(operation, "GET", path, false, null, true, query);
  }

  static VaultCall list(String path) {
    return new VaultCall("vault.list", "GET", path, true, null, true);
  }

  static VaultCall post(String operation, String path, Map<String, ?> body) {
    return new VaultCall(operation, "POST", path, false, body, true);
  }

  static VaultCall delete(String operation, String path) {
    return new VaultCall(operation, "DELETE", path, false, null, true);
  }

  static VaultCall login(String path, Map<String, ?> body) {
    return new VaultCall("vault.login", "POST", path, false, body, false);
  }

  /** Redacted: the body may hold secret values or credentials. */
  @Override
  public String toString() {
    return "VaultCall["
        + operation
        + " "
        + method
        + " "
        + path
        + (list ? "?list=true" : "")
        + (query == null ? "" : "?" + query)
        + "]";
  }
}
