package dev.secretsync.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretsync.spi.ProviderException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token of one (Vault address, namespace) for one run, shared by every source there.
 * Thread-safe.
 *
 * <p>The first call logs in (or, for a user-supplied token, looks it up once, which also turns a
 * wrong token into one clear error). A token the run obtained is renewed ({@code renew-self}) when
 * less than a third of its lease is left, obtained again when Vault calls it invalid mid-run (the
 * request is then retried once), and revoked ({@code revoke-self}) by {@link #close()}. A
 * user-supplied token is never renewed or revoked. A failed first login is remembered: the run does
 * not hammer Vault with one login per source.
 *
 * <p>A failed renewal (and the fresh login tried after it) does not end the session: the current
 * token stays in use while its lease lasts and the renewal is tried again on a call after a short
 * back-off. A failed re-login of an invalidated token fails the calls that need it during the same
 * back-off, then is tried again.
 */
final class VaultSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);

  /** The longest wait before a failed renewal is tried again. */
  private static final long MAX_RETRY_NANOS = 5_000_000_000L;

  /** The shortest such wait. */
  private static final long MIN_RETRY_NANOS = 100_000_000L;

  /** The wait before a failed re-login (of an invalidated token) is tried again. */
  private static final long RELOGIN_RETRY_NANOS = 1_000_000_000L;

  private final VaultHttp http;
  private final String namespace;
  private final VaultAuthMethod auth;
  private final Object lock = new Object();
  private volatile TokenState state;
  private RuntimeException failure; // guarded by lock: the first login failed, for good
  private RuntimeException loginFailure; // guarded by lock: the first login failed transiently
  private long loginRetryAt; // guarded by lock: System.nanoTime() before which it is not retried
  private volatile long renewRetryAt; // System.nanoTime() before which no renewal is tried
  private volatile boolean renewBackingOff;
  private RuntimeException reloginFailure; // guarded by lock, with its token and time
  private String reloginFailedToken; // guarded by lock
  private long reloginRetryAt; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * @param token the client token
   * @param lease lease in seconds as last granted (0 = unknown or never expires)
   * @param firstLease lease granted at login, to notice when renewals stop extending it
   * @param obtainedNanos when the lease was granted
   * @param renewable whether Vault allows renewing it
   * @param owned whether this run created it (renew and revoke only those)
   */
  private record TokenState(
      String token,
      long lease,
      long firstLease,
      long obtainedNanos,
      boolean renewable,
      boolean owned) {
    boolean needsRenewal() {
      return owned && renewable && lease > 0 && secondsLeft() < lease / 3.0;
    }

    /** Seconds left on the lease as last granted (negative once expired). */
    double secondsLeft() {
      return lease - (System.nanoTime() - obtainedNanos) / 1e9;
    }

    @Override
    public String toString() {
      return "TokenState[***, lease=" + lease + "s, owned=" + owned + "]";
    }
  }

  VaultSession(VaultHttp http, String namespace, VaultAuthMethod auth) {
    this.http = http;
    this.namespace = namespace;
    this.auth = auth;
  }

  /** The address, for messages. */
  String address() {
    return http.address();
  }

  /** Counts secrets read, for the metrics. */
  void secretsRead(int count) {
    http.secretsRead(count);
  }

  /** The namespace, or empty. */
  String namespace() {
    return namespace;
  }

  /** e.g. {@code approle (mount "approle")}. */
  String authDescription() {
    return auth.describe();
  }

  /**
   * Logs in now unless done already (used by {@code validate --check-vault}).
   *
   * @throws ProviderException naming the auth method, mount and Vault's error
   */
  void login() {
    current();
  }

  /**
   * Sends an authenticated call; an "invalid token" answer makes the session obtain a new token
   * (when it can) and send the call once more.
   */
  VaultResponse send(VaultCall call) {
    TokenState s = current();
    VaultResponse r = http.send(call, s.token(), namespace);
    if (!r.invalidToken()) {
      return r;
    }
    if (!auth.canLogin()) {
      throw new ProviderException(
          "vault",
          call.operation(),
          false,
          "Vault rejected the " + auth.describe() + " as invalid or expired: " + r.describeError());
    }
    LOG.info("Vault token expired or was revoked mid-run; logging in again with {}", describe());
    s = relogin(s);
    r = http.send(call, s.token(), namespace);
    if (r.invalidToken()) {
      throw new ProviderException(
          "vault",
          call.operation(),
          false,
          "Vault rejected a fresh " + auth.describe() + " token: " + r.describeError());
    }
    return r;
  }

  private TokenState current() {
    TokenState s = state;
    if (s != null && (!s.needsRenewal() || backingOff())) {
      return s;
    }
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new ProviderException("vault", "login", false, "the Vault session is closed");
      }
      s = state;
      if (s == null) {
        if (loginFailure != null && System.nanoTime() - loginRetryAt < 0) {
          throw loginFailure; // tried a moment ago: one attempt per second, not one per call
        }
        try {
          s = auth instanceof VaultAuthMethod.Login login ? login(login) : lookup();
        } catch (ProviderException e) {
          if (!e.retryable()) {
            failure = e;
            throw e;
          }
          // Vault unreachable or 5xx: a long-running agent must log in once Vault is back, so
          // only a wrong credential is final.
          loginFailure = e;
          loginRetryAt = System.nanoTime() + RELOGIN_RETRY_NANOS;
          throw e;
        } catch (RuntimeException e) {
          failure = e;
          throw e;
        }
        loginFailure = null;
        state = s;
        return s;
      }
      if (!s.needsRenewal() || backingOff()) {
        return s;
      }
      try {
        s = renew(s);
      } catch (RuntimeException e) {
        // Keep the token while it lasts: if it has expired after all, the call gets "invalid
        // token" and send() logs in again.
        long wait = retryNanos(s);
        renewRetryAt = System.nanoTime() + wait;
        renewBackingOff = true;
        LOG.warn(
            "Vault token renewal failed ({}); keeping the current token ({}s left) and trying"
                + " again in {}ms",
            e.getMessage(),
            Math.max(0, (long) s.secondsLeft()),
            wait / 1_000_000);
        return s;
      }
      renewBackingOff = false;
      state = s;
      return s;
    }
  }

  private boolean backingOff() {
    return renewBackingOff && System.nanoTime() - renewRetryAt < 0;
  }

  /** A quarter of what is left of the lease, between 100 ms and {@link #MAX_RETRY_NANOS}. */
  private static long retryNanos(TokenState s) {
    long quarter = (long) (Math.max(0, s.secondsLeft()) * 1e9 / 4);
    return Math.max(MIN_RETRY_NANOS, Math.min(MAX_RETRY_NANOS, quarter));
  }

  private TokenState relogin(TokenState stale) {
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new ProviderException("vault", "login", false, "the Vault session is closed");
      }
      TokenState s = state;
      if (s != null && !s.token().equals(stale.token())) {
        return s; // another thread logged in already
      }
      if (reloginFailure != null
          && stale.token().equals(reloginFailedToken)
          && System.nanoTime() - reloginRetryAt < 0) {
        throw reloginFailure; // tried a moment ago: do not hammer Vault with one login per call
      }
      try {
        s = login((VaultAuthMethod.Login) auth);
      } catch (RuntimeException e) {
        reloginFailure = e;
        reloginFailedToken = stale.token();
        reloginRetryAt = System.nanoTime() + RELOGIN_RETRY_NANOS;
        throw e;
      }
      reloginFailure = null;
      reloginFailedToken = null;
      renewBackingOff = false;
      state = s;
      return s;
    }
  }

  private TokenState login(VaultAuthMethod.Login method) {
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
    return new TokenState(
        a.get("client_token").asText(),
        lease,
        lease,
        System.nanoTime(),
        a.path("renewable").asBoolean(false),
        true);
  }

  /** A user-supplied token: one lookup, so a wrong token fails early and clearly. */
  private TokenState lookup() {
    String token = ((VaultAuthMethod.FixedToken) auth).token();
    VaultResponse r =
        http.send(VaultCall.get("vault.lookup", "auth/token/lookup-self"), token, namespace);
    if (r.invalidToken()) {
      throw new ProviderException(
          "vault",
          "login",
          false,
          "Vault rejected the " + describe() + " as invalid or expired: " + r.describeError());
    }
    long ttl = 0;
    if (r.ok() && r.body() != null) {
      ttl = r.body().path("data").path("ttl").asLong(0);
    } else if (r.status() != 403) {
      // A 403 without "invalid token" is a policy without lookup-self: the token may still work.
      throw new ProviderException(
          "vault", "login", false, "Vault token lookup failed: " + r.describeError());
    }
    LOG.debug("Vault: using the {} at {}", describe(), http.address());
    return new TokenState(token, ttl, ttl, System.nanoTime(), false, false);
  }

  private TokenState renew(TokenState s) {
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
    return new TokenState(s.token(), lease, s.firstLease(), System.nanoTime(), true, true);
  }

  /** A new login; the old token (still valid) is revoked, best effort. */
  private TokenState replace(TokenState old) {
    TokenState fresh = login((VaultAuthMethod.Login) auth);
    revoke(old);
    return fresh;
  }

  private void revoke(TokenState s) {
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

  private String describe() {
    return auth.describe()
        + " at "
        + http.address()
        + (namespace.isEmpty() ? "" : " namespace \"" + namespace + "\"");
  }

  /** Revokes the token if this run created it. Never throws. */
  @Override
  public void close() {
    TokenState s;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      s = state;
      state = null;
    }
    if (s != null && s.owned()) {
      revoke(s);
    }
  }
}
