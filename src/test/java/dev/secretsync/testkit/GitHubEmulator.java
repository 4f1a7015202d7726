package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GitHub REST API's secrets endpoints on {@code 127.0.0.1:0}, following
 * github/rest-api-description ({@code api.github.com.json}). Environment and organisation secrets,
 * environments and the user/team/repository look-ups live in {@link GitHubScopesRoutes}, {@link
 * GitHubEnvironmentsRoutes}, {@link GitHubEnvironmentStore} and {@link GitHubAccounts}. For a
 * repository's {@code actions}, {@code dependabot} and {@code codespaces} secrets — {@code GET
 * …/secrets/public-key}, {@code GET …/secrets} ({@code per_page} ≤ 100, default 30, {@code page},
 * {@code Link} header), {@code GET …/secrets/{name}} (metadata, never the value), {@code PUT}
 * ({@code encrypted_value} + {@code key_id}; 201 created, 204 updated) and {@code DELETE} (204).
 * Every scope has a real X25519 key pair and decrypts what is PUT (libsodium sealed boxes). Primary
 * rate-limit headers on every response, a secondary-limit mode (403 + {@code retry-after}), call
 * counters per operation ({@code actions.put}, {@code dependabot.list} …), latency and error
 * injection.
 */
public final class GitHubEmulator implements AutoCloseable {
  /** The API version the emulator accepts in {@code X-GitHub-Api-Version}. */
  public static final String API_VERSION = "2022-11-28";

  /** The apps whose repository secrets the emulator serves. */
  public static final Set<String> APPS = Set.of("actions", "dependabot", "codespaces");

  static {
    // As in VaultEmulator: without TCP_NODELAY the JDK server's separate header and body segments
    // meet Nagle's algorithm and delayed ACKs, ~40 ms per keep-alive exchange.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Set<String> repos = ConcurrentHashMap.newKeySet();
  private final Map<String, GitHubSecretScope> scopes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong keySerial = new AtomicLong(3380204578043523366L);
  private final AtomicInteger failNext = new AtomicInteger();
  private final Set<String> refusedPuts = ConcurrentHashMap.newKeySet();
  private final AtomicInteger secondaryNext = new AtomicInteger();
  private volatile int failStatus = 500;
  private volatile int retryAfterSeconds = 1;
  private volatile Duration latency = Duration.ZERO;
  private volatile Clock clock = Clock.systemUTC();
  final GitHubRateLimit rateLimit = new GitHubRateLimit();
  final GitHubAccounts accounts = new GitHubAccounts();
  final GitHubEnvironmentStore environments = new GitHubEnvironmentStore(accounts);
  final GitHubAppsHandler apps = new GitHubAppsHandler(this);
  final GitHubRequestHooks hooks = new GitHubRequestHooks();
  private final Set<String> deniedPermissions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger writesInFlight = new AtomicInteger();
  private final AtomicInteger maxWritesInFlight = new AtomicInteger();

  private GitHubEmulator() throws IOException {
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "github-emulator-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", new GitHubSecretsHandler(this));
    server.createContext("/app/", apps);
    server.setExecutor(executor);
    server.start();
    tokens.add(token());
  }

  /** Starts an emulator on a free loopback port. */
  public static GitHubEmulator start() {
    try {
      return new GitHubEmulator();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the GitHub emulator", e);
    }
  }

  /** The API base URL ({@code api_url}), {@code http://127.0.0.1:PORT} (no trailing slash). */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A token the emulator accepts. */
  public String token() {
    return "ghp_emulatorToken000000000000000000000";
  }

  /** Creates an (empty) repository {@code owner/repo}; others answer 404. */
  public GitHubEmulator repo(String owner, String repo) {
    repos.add(owner + "/" + repo);
    accounts.repositoryId(owner, repo);
    return this;
  }

  /** Organisations, users, teams and repository ids (environment reviewers, org secrets). */
  public GitHubAccounts accounts() {
    return accounts;
  }

  /** The repositories' deployment environments. */
  public GitHubEnvironmentStore environments() {
    return environments;
  }

  /** The Actions secrets of environment {@code env} of {@code owner/repo}. */
  public GitHubScopeHandle environmentSecrets(String owner, String repo, String env) {
    return new GitHubScopeHandle(envScope(owner, repo, env), this::now);
  }

  /** The {@code app} secrets of organisation {@code org}. */
  public GitHubScopeHandle orgSecrets(String org, String app) {
    return new GitHubScopeHandle(orgScope(org, app), this::now);
  }

  /** The {@code app} secrets of repository {@code owner/repo}. */
  public GitHubScopeHandle repoSecrets(String owner, String repo, String app) {
    return new GitHubScopeHandle(scope(owner, repo, app), this::now);
  }

  /** The decrypted Actions secrets of environment {@code env} of {@code owner/repo}. */
  public Map<String, String> environmentValues(String owner, String repo, String env) {
    return envScope(owner, repo, env).values();
  }

  /** The decrypted {@code app} secrets of organisation {@code org}. */
  public Map<String, String> orgValues(String org, String app) {
    return orgScope(org, app).values();
  }

  /** An organisation secret's visibility and selected repository ids, if it exists. */
  public Optional<Map.Entry<String, Set<Long>>> orgAccess(String org, String app, String name) {
    return orgScope(org, app)
        .access(name)
        .map(a -> Map.entry(a.visibility(), Set.copyOf(a.repositoryIds())));
  }

  /** Changes an organisation secret's visibility out of band (value and updated_at unchanged). */
  public GitHubEmulator setOrgVisibility(String org, String app, String name, String visibility) {
    orgScope(org, app).setVisibility(name, visibility);
    return this;
  }

  /**
   * Registers a GitHub App (its public key verifies the app's JWTs) installed as {@code
   * installationId}; its installation tokens are accepted like {@link #token()}.
   */
  public GitHubEmulator app(String appId, String installationId, PublicKey publicKey) {
    apps.register(appId, installationId, publicKey);
    return this;
  }

  /**
   * Like {@link #app(String, String, PublicKey)}, with the installation on {@code account}, so the
   * app can look it up ({@code GET /repos/{account}/{repo}/installation}, {@code GET
   * /orgs/{account}/installation}).
   */
  public GitHubEmulator app(
      String appId, String installationId, PublicKey publicKey, String account) {
    apps.register(appId, installationId, publicKey);
    apps.installedOn(installationId, account);
    return this;
  }

  /**
   * Runs {@code action} once, on the emulator's thread, when the first request counted as {@code
   * operation} (e.g. {@code actions.put}) arrives, before it is carried out: to move the clock or
   * run a competing client at an exact point of a run.
   */
  public GitHubEmulator onFirst(String operation, Runnable action) {
    hooks.onFirst(operation, action);
    return this;
  }

  /** How long installation tokens live ({@code expires_at}); an hour by default, as on GitHub. */
  public GitHubEmulator installationTokenLifetime(Duration d) {
    apps.lifetime(d);
    return this;
  }

  /**
   * Every token lacks a fine-grained permission ({@code secrets}, {@code dependabot_secrets},
   * {@code codespaces_secrets}): that app's endpoints answer 403 "Resource not accessible by
   * integration" with {@code x-accepted-github-permissions}.
   */
  public GitHubEmulator denyPermission(String permission) {
    deniedPermissions.add(permission);
    return this;
  }

  /** The most PUTs and DELETEs ever in flight at once. */
  public int maxWritesInFlight() {
    return maxWritesInFlight.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- state seen by tests -----------------------------------------------------------------

  /** The decrypted values of {@code owner/repo}'s {@code app} secrets, by (upper-case) name. */
  public Map<String, String> values(String owner, String repo, String app) {
    return scope(owner, repo, app).values();
  }

  /** The {@code updated_at} of one secret, if it exists. */
  public Optional<Instant> updatedAt(String owner, String repo, String app, String name) {
    return scope(owner, repo, app).get(name).map(GitHubSecretScope.Stored::updatedAt);
  }

  /** Every sealed box (base64) received by any PUT, for no-leak assertions. */
  public List<String> receivedSealedBoxes() {
    List<String> out = new ArrayList<>();
    scopes.values().forEach(s -> out.addAll(s.received()));
    return out;
  }

  /** Sets a secret as someone else would (out of band): {@code updated_at} moves forward. */
  public GitHubEmulator putOutOfBand(
      String owner, String repo, String app, String name, String value) {
    scope(owner, repo, app).put(name, value, clock.instant());
    return this;
  }

  /** The scope's public key (base64) and key id, as {@code GET …/public-key} returns them. */
  public String[] publicKey(String owner, String repo, String app) {
    GitHubSecretScope s = scope(owner, repo, app);
    return new String[] {s.keyId(), s.publicKeyBase64()};
  }

  /**
   * Decrypts a sealed box (base64) with the private key of {@code owner/repo}'s {@code app} scope,
   * as GitHub does on PUT; empty when it does not open.
   */
  public Optional<String> open(String owner, String repo, String app, String sealedBase64) {
    return scope(owner, repo, app).open(sealedBase64);
  }

  /** Calls of one operation ({@code actions.put}) or of one kind across apps ({@code put}). */
  public long count(String operation) {
    if (operation.contains(".")) {
      AtomicLong c = counts.get(operation);
      return c == null ? 0 : c.get();
    }
    return counts.entrySet().stream()
        .filter(e -> e.getKey().endsWith("." + operation))
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  /** All counters, by operation. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Zeroes the counters and the request log. */
  public void resetCounters() {
    counts.clear();
    requests.clear();
  }

  /** Requests received, as {@code METHOD /path?query}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  // ---- fault injection -----------------------------------------------------------------------

  /** Delays every response. */
  public GitHubEmulator latency(Duration d) {
    latency = d;
    return this;
  }

  /** Every PUT of secret {@code name} (any app) is refused with 422, as a bad request would be. */
  public GitHubEmulator refusePutsOf(String name) {
    refusedPuts.add(name);
    return this;
  }

  boolean putRefused(String name) {
    return refusedPuts.contains(name);
  }

  /** The next {@code n} requests fail with {@code status}. */
  public GitHubEmulator failNext(int n, int status) {
    failStatus = status;
    failNext.set(n);
    return this;
  }

  /** The next {@code n} requests hit a secondary rate limit: 403 with {@code retry-after}. */
  public GitHubEmulator secondaryLimitNext(int n, int retryAfter) {
    retryAfterSeconds = retryAfter;
    secondaryNext.set(n);
    return this;
  }

  /** Sets the primary rate limit's remaining requests (reset an hour from now). */
  public GitHubEmulator rateLimitRemaining(int remaining) {
    rateLimit.set(remaining, clock.instant().plusSeconds(3600));
    return this;
  }

  /** The clock behind {@code updated_at} and {@code x-ratelimit-reset}. */
  public GitHubEmulator clock(Clock c) {
    clock = c;
    return this;
  }

  // ---- used by the handler -------------------------------------------------------------------

  boolean tokenValid(String token) {
    return tokens.contains(token) || apps.valid(token, now());
  }

  boolean denied(String permission) {
    return deniedPermissions.contains(permission);
  }

  void writeStarted() {
    maxWritesInFlight.accumulateAndGet(writesInFlight.incrementAndGet(), Math::max);
  }

  void writeFinished() {
    writesInFlight.decrementAndGet();
  }

  boolean repoExists(String owner, String repo) {
    return repos.contains(owner + "/" + repo);
  }

  GitHubSecretScope scope(String owner, String repo, String app) {
    return scopes.computeIfAbsent(
        owner + "/" + repo + "/" + app, k -> new GitHubSecretScope(keySerial.incrementAndGet()));
  }

  GitHubSecretScope envScope(String owner, String repo, String env) {
    return scopes.computeIfAbsent(
        (owner + "/" + repo + "/environments/" + env).toLowerCase(),
        k -> new GitHubSecretScope(keySerial.incrementAndGet()));
  }

  GitHubSecretScope orgScope(String org, String app) {
    String base = "/orgs/" + org + "/" + app + "/secrets";
    return scopes.computeIfAbsent(
        base.toLowerCase(), k -> new GitHubSecretScope(keySerial.incrementAndGet(), app, base));
  }

  void record(String operation, HttpExchange ex) {
    counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    String q = ex.getRequestURI().getRawQuery();
    requests.add(
        ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q));
    hooks.fire(operation);
  }

  Instant now() {
    return clock.instant();
  }

  Duration latency() {
    return latency;
  }

  /** The status of an injected failure for this request, or 0. */
  int takeFailure() {
    return failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failStatus : 0;
  }

  /** The retry-after seconds of an injected secondary limit for this request, or -1. */
  int takeSecondaryLimit() {
    return secondaryNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? retryAfterSeconds : -1;
  }
}
