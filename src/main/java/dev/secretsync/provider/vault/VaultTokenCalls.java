package dev.secretsync.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretsync.spi.ProviderException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token calls of one {@link VaultSession}: login, the user token's lookup, renewal and
 * revocation. Stateless (the session keeps the token and decides when to call these); messages name
 * the auth method, address and namespace, never a credential.
 */
final class VaultTokenCalls {
  // The session's logger: these lines are the session's story (login, renewal, revocation).
  private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);

  private final VaultHttp http;
  private final String namespace;
  private final VaultAuthMethod auth;

  VaultTokenCalls(VaultHttp http, String namespace, VaultAuthMethod auth) {
    this.http = http;
    this.namespace = namespace;
    this.auth = auth;
  }

  VaultToken login(VaultAuthMethod.Login method) {
    VaultCall call = VaultCall.login("auth/" + method.mount() + "/login", method.body());
    VaultResponse r;
    try {
      r = http.send(call, null, namespace);
    } catch (ProviderException e) {
      throw new ProviderException(
          "vault",
          "login",
          e.retryable(),
          "Vault login with " + describe() + " failed: " + e.getMessage());
    }
    JsonNode a = r.body() == null ? null : r.body().get("auth");
    if (!r.ok() || a == null || !a.hasNonNull("client_token")) {
      throw new ProviderException(
          "vault",
          "login",
          VaultHttp.transientStatus(r.status()),
          "Vault login with " + describe() + " failed: " + r.describeError());
    }
    long lease = a.path("lease_duration").asLong(0);
    LOG.info("Vault: logged in with {} (token lease {}s)", describe(), lease);
    return new VaultToken(
        a.get("client_token").asText(),
        lease,
        lease,
        System.nanoTime(),
        a.path("renewable").asBoolean(false),
        true);
  }

  /**
   * A user-supplied token: one lookup, so a wrong or dead token fails early and clearly. Any 403
   * rejects it: before Vault 1.17 a dead token's 403 does not say "invalid token", and every token
   * may look itself up unless it was created without the default policy.
   */
  VaultToken lookup() {
    VaultAuthMethod.FixedToken fixed = (VaultAuthMethod.FixedToken) auth;
    VaultResponse r =
        http.send(
            VaultCall.get("vault.lookup", "auth/token/lookup-self"), fixed.token(), namespace);
    if (r.status() == 403) {
      throw new ProviderException(
          "vault",
          "login",
          false,
          "Vault rejected the "
              + describe()
              + " as invalid, expired or revoked: "
              + r.describeError()
              + "; "
              + fixed.remedy());
    }
    if (!r.ok() || r.body() == null) {
      throw new ProviderException(
          "vault", "login", false, "Vault token lookup failed: " + r.describeError());
    }
    long ttl = r.body().path("data").path("ttl").asLong(0);
    LOG.debug("Vault: using the {} at {}", describe(), http.address());
    return new VaultToken(fixed.token(), ttl, ttl, System.nanoTime(), false, false);
  }

  VaultToken renew(VaultToken s) {
    VaultResponse r;
    try {
      r =
          http.send(
              VaultCall.post("vault.renew", "auth/token/renew-self", Map.of()),
              s.token(),
              namespace);
    } catch (ProviderException e) {
      LOG.warn("Vault token renewal failed ({}); logging in again", e.getMessage());
      return replace(s);
    }
    JsonNode a = r.body() == null ? null : r.body().get("auth");
    if (r.invalidToken()) {
      LOG.info("Vault token expired before its renewal; logging in again with {}", describe());
      return login((VaultAuthMethod.Login) auth);
    }
    if (!r.ok() || a == null) {
      LOG.warn("Vault token renewal failed ({}); logging in again", r.describeError());
      return replace(s);
    }
    long lease = a.path("lease_duration").asLong(0);
    if (lease < s.firstLease() / 3) {
      // Near its max TTL a token's renewals shrink towards zero: a fresh login is cheaper.
      LOG.info("Vault token is near its maximum TTL ({}s left); logging in again", lease);
      return replace(s);
    }
    LOG.debug("Vault: token renewed, lease {}s", lease);
    return new VaultToken(s.token(), lease, s.firstLease(), System.nanoTime(), true, true);
  }

  /** A new login; the old token (still valid) is revoked, best effort. */
  private VaultToken replace(VaultToken old) {
    VaultToken fresh = login((VaultAuthMethod.Login) auth);
    revoke(old);
    return fresh;
  }

  void revoke(VaultToken s) {
    try {
      VaultResponse r =
          http.send(
              VaultCall.post("vault.revoke", "auth/token/revoke-self", Map.of()),
              s.token(),
              namespace);
      if (r.ok()) {
        LOG.debug("Vault: revoked the token this run created ({})", describe());
      } else {
        LOG.warn("Vault: could not revoke the token this run created: {}", r.describeError());
      }
    } catch (RuntimeException e) {
      LOG.warn("Vault: could not revoke the token this run created: {}", e.getMessage());
    }
  }

  String describe() {
    return auth.describe()
        + " at "
        + http.address()
        + (namespace.isEmpty() ? "" : " namespace \"" + namespace + "\"");
  }
}
