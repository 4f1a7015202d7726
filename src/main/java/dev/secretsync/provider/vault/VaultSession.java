package dev.secretsync.provider.vault;

import dev.secretsync.spi.ProviderException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
 * <p>Vault before 1.17 answers a revoked or expired token with 403 "permission denied", the same
 * words as a policy denial of a valid token (1.17 added "invalid token"). So a 403 without "invalid
 * token" is checked with {@code auth/token/lookup-self} before it is believed: a token the run
 * obtained that fails the lookup is replaced by one new login and the call sent again; a
 * user-supplied one is one clear error for the run. The check is shared: threads whose 403s arrive
 * while it runs wait for its verdict, and a "valid" verdict covers every 403 of that token answered
 * up to {@link #RECHECK_NANOS} after the lookup was sent — so a burst of denied paths costs one
 * lookup, not one each, and a token revoked in that window is noticed by the next check after it.
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

  /** How long a lookup that found the token valid explains later 403s of it as denials. */
  private static final long RECHECK_NANOS = 5_000_000_000L;

  private final VaultHttp http;
  private final String namespace;
  private final VaultAuthMethod auth;
  private final VaultTokenCalls calls;
  private final Object lock = new Object();
  private volatile VaultToken state;
  private RuntimeException failure; // guarded by lock: the first login failed, for good
  private RuntimeException loginFailure; // guarded by lock: the first login failed transiently
  private long loginRetryAt; // guarded by lock: System.nanoTime() before which it is not retried
  private volatile long renewRetryAt; // System.nanoTime() before which no renewal is tried
  private volatile boolean renewBackingOff;
  private RuntimeException reloginFailure; // guarded by lock, with its token and time
  private String reloginFailedToken; // guarded by lock
  private long reloginRetryAt; // guarded by lock
  private boolean closed; // guarded by lock
  private String checkedToken; // guarded by lock: the token a lookup last found valid
  private long checkedAt; // guarded by lock: when that lookup was sent
  private String recheckLogin; // guarded by lock: the token of the last re-login after a check
  private boolean lookupDenied; // guarded by lock: a fresh token may not look itself up
  private volatile ProviderException rejected; // a user token Vault rejected mid-run

  /**
   * KV mounts already inspected, by configured mount: one {@code sys/internal/ui/mounts} call per
   * mount and session, however many sources or agent jobs read it.
   */
  private final Map<String, VaultKv> mounts = new ConcurrentHashMap<>();

  VaultSession(VaultHttp http, String namespace, VaultAuthMethod auth) {
    this.http = http;
    this.namespace = namespace;
    this.auth = auth;
    this.calls = new VaultTokenCalls(http, namespace, auth);
  }

  /** The inspected mount {@code mount}, inspecting it once (a failure is not remembered). */
  VaultKv mount(String mount, Function<String, VaultKv> inspect) {
    return mounts.computeIfAbsent(mount, inspect);
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
   * Sends an authenticated call. A 403 that says, or a lookup shows, that the token is dead makes
   * the session obtain a new token (when it can) and send the call once more; a dead user token
   * throws.
   */
  VaultResponse send(VaultCall call) {
    ProviderException dead = rejected;
    if (dead != null) {
      throw dead;
    }
    VaultToken s = current();
    VaultResponse r = http.send(call, s.token(), namespace);
    if (r.status() != 403) {
      return r;
    }
    VaultToken fresh;
    if (r.invalidToken()) {
      if (!auth.canLogin()) {
        throw rejectedMidRun(r);
      }
      LOG.info(
          "Vault token expired or was revoked mid-run; logging in again with {}", calls.describe());
      fresh = relogin(s);
    } else {
      fresh = recheck(s, System.nanoTime());
      if (fresh == null) {
        return r; // the token is valid: a policy denial, for the caller to judge
      }
    }
    r = http.send(call, fresh.token(), namespace);
    if (r.invalidToken()) {
      throw new ProviderException(
          "vault",
          call.operation(),
          false,
          "Vault rejected a fresh " + auth.describe() + " token: " + r.describeError());
    }
    return r;
  }

  /**
   * Tells a policy denial from a dead token when the 403 does not say which (see the class
   * comment).
   *
   * @param used the token the 403 answered
   * @param answeredAt when the 403 arrived ({@link System#nanoTime()})
   * @return null when the token is valid, else the token to send the call again with
   * @throws ProviderException when a user-supplied token is dead
   */
  private VaultToken recheck(VaultToken used, long answeredAt) {
    synchronized (lock) {
      if (rejected != null) {
        throw rejected;
      }
      VaultToken s = state;
      if (s != null && !s.token().equals(used.token())) {
        return s; // replaced while this call was on its way
      }
      if (lookupDenied
          || (used.token().equals(checkedToken) && answeredAt - checkedAt < RECHECK_NANOS)) {
        return null;
      }
      long sent = System.nanoTime();
      VaultResponse r =
          http.send(
              VaultCall.get("vault.lookup", "auth/token/lookup-self"), used.token(), namespace);
      if (r.status() != 403) {
        // Valid — or Vault cannot say right now, and the 403 is then taken at its word.
        checkedToken = used.token();
        checkedAt = sent;
        return null;
      }
      if (!auth.canLogin()) {
        throw rejectedMidRun(r);
      }
      if (!r.invalidToken()
          && used.token().equals(recheckLogin)
          && System.nanoTime() - used.obtainedNanos() < RECHECK_NANOS) {
        // A token just obtained by the last check cannot look itself up: its policies lack
        // lookup-self (a role without the default policy), so a 403 cannot be checked; take 403s
        // at their word from now on.
        lookupDenied = true;
        LOG.warn(
            "Vault: the token of {} may not call auth/token/lookup-self, so a revoked token cannot"
                + " be told from a denied path on Vault before 1.17; add the default policy",
            calls.describe());
        return null;
      }
      LOG.info(
          "Vault token expired or was revoked mid-run (lookup-self: {}); logging in again with {}",
          r.errorText(),
          calls.describe());
      VaultToken fresh = relogin(used);
      recheckLogin = fresh.token();
      return fresh;
    }
  }

  /** A user-supplied token Vault rejected mid-run: the run cannot go on with it. */
  private ProviderException rejectedMidRun(VaultResponse r) {
    VaultAuthMethod.FixedToken fixed = (VaultAuthMethod.FixedToken) auth;
    ProviderException e =
        new ProviderException(
            "vault",
            "login",
            false,
            "Vault rejected the "
                + calls.describe()
                + " mid-run: it expired or was revoked ("
                + r.describeError()
                + "); "
                + fixed.remedy());
    rejected = e;
    return e;
  }

  private VaultToken current() {
    VaultToken s = state;
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
          s = auth instanceof VaultAuthMethod.Login login ? calls.login(login) : calls.lookup();
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
        s = calls.renew(s);
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
  private static long retryNanos(VaultToken s) {
    long quarter = (long) (Math.max(0, s.secondsLeft()) * 1e9 / 4);
    return Math.max(MIN_RETRY_NANOS, Math.min(MAX_RETRY_NANOS, quarter));
  }

  private VaultToken relogin(VaultToken stale) {
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new ProviderException("vault", "login", false, "the Vault session is closed");
      }
      VaultToken s = state;
      if (s != null && !s.token().equals(stale.token())) {
        return s; // another thread logged in already
      }
      if (reloginFailure != null
          && stale.token().equals(reloginFailedToken)
          && System.nanoTime() - reloginRetryAt < 0) {
        throw reloginFailure; // tried a moment ago: do not hammer Vault with one login per call
      }
      try {
        s = calls.login((VaultAuthMethod.Login) auth);
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

  /** Revokes the token if this run created it. Never throws. */
  @Override
  public void close() {
    VaultToken s;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      s = state;
      state = null;
    }
    if (s != null && s.owned()) {
      calls.revoke(s);
    }
  }
}
