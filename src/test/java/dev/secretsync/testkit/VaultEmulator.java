package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A wire-level emulator of HashiCorp Vault's HTTP API for tests: a JDK {@link HttpServer} on {@code
 * 127.0.0.1} (random port, 32 worker threads, HTTP/1.1 keep-alive) that speaks the documented
 * request and response shapes, so real clients (vault-java-driver, {@code java.net.http}) run
 * unchanged.
 *
 * <p>Serves KV v1 and v2 (read, write with {@code cas}, soft delete, undelete, destroy, metadata,
 * LIST and {@code ?list=true}), {@code sys/health}, {@code sys/mounts}, {@code sys/auth}, {@code
 * sys/internal/ui/mounts/<path>}, token lookup/renew/revoke-self, and AppRole, Kubernetes and JWT
 * logins, in any number of namespaces. Tests seed and inspect state through this class (root
 * namespace) or {@link #namespace(String)}, count calls per operation, and inject latency,
 * failures, dropped connections, sealing and token expiry. Every method is thread-safe.
 *
 * <pre>{@code
 * try (VaultEmulator vault = VaultEmulator.start()) {
 *   vault.mountKv("analytics", 2).put("analytics", "config/db", Map.of("host", "db"));
 *   // point a client at vault.address() with vault.rootToken()
 * }
 * }</pre>
 */
public final class VaultEmulator implements AutoCloseable {

  static {
    // The JDK server sends headers and body as separate TCP segments; without TCP_NODELAY,
    // Nagle's algorithm and delayed ACKs add ~40 ms to every keep-alive exchange. Read once per
    // JVM, when the JDK server's configuration class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final VaultAuth auth = new VaultAuth();
  private final VaultFaults faults = new VaultFaults();
  private final VaultCallLog log = new VaultCallLog();
  private final Map<String, VaultNamespace> namespaces = new ConcurrentHashMap<>();
  private final Set<String> deniedPrefixes = new CopyOnWriteArraySet<>();
  private final Map<String, Set<String>> deniedByToken = new ConcurrentHashMap<>();
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean sealed;
  private volatile boolean standby;
  private volatile boolean initialized = true;
  private volatile boolean preInvalidTokenErrors;

  private VaultEmulator() throws IOException {
    namespaces.put("", new VaultNamespace(""));
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            32,
            r -> {
              Thread t = new Thread(r, "vault-emulator-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.createContext("/", new VaultExchange(this, new VaultRouter(this), faults, log));
    server.setExecutor(executor);
    server.start();
  }

  /** Starts an emulator on a free loopback port. */
  public static VaultEmulator start() {
    try {
      return new VaultEmulator();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Vault emulator", e);
    }
  }

  /** The base address, {@code http://127.0.0.1:PORT} (no trailing slash). */
  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A root token: valid everywhere, never expires, survives {@link #revokeAllTokens()}. */
  public String rootToken() {
    return auth.rootToken();
  }

  /** Stops the server at once; open connections are closed. */
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

  // ---- namespaces and seeding (root namespace shortcuts) ---------------------------------

  /** The root namespace. */
  public VaultNamespace root() {
    return namespaces.get("");
  }

  /** The namespace at {@code path} ("team-a" or "team-a/child"), created on first use. */
  public VaultNamespace namespace(String path) {
    String p = VaultNamespace.trimSlashes(path);
    return p.isEmpty() ? root() : namespaces.computeIfAbsent(p + "/", VaultNamespace::new);
  }

  /** Mounts a KV engine of version 1 or 2 in the root namespace. */
  public VaultEmulator mountKv(String mount, int version) {
    root().mountKv(mount, version);
    return this;
  }

  /** Writes a new version of a secret in the root namespace; returns the version number. */
  public int put(String mount, String path, Map<String, ?> data) {
    return root().put(mount, path, data);
  }

  /** Soft-deletes the latest version of a secret (KV v1: removes it). */
  public boolean softDeleteLatest(String mount, String path) {
    return root().softDeleteLatest(mount, path);
  }

  /** Destroys the latest version of a secret (KV v1: removes it). */
  public boolean destroyLatest(String mount, String path) {
    return root().destroyLatest(mount, path);
  }

  /** The latest readable data of a secret; empty if absent, soft-deleted or destroyed. */
  public Optional<Map<String, Object>> read(String mount, String path) {
    return root().read(mount, path);
  }

  /** All secret paths of a mount, recursively, sorted (see {@link VaultNamespace#listKeys}). */
  public List<String> listKeys(String mount) {
    return root().listKeys(mount);
  }

  /**
   * Loads a fixture shaped like {@code secrets_seed.json}: each entry of the top-level {@code
   * sources} object becomes a KV mount of {@code kvVersion}, each of its keys a secret path whose
   * object is the secret's data.
   */
  public VaultEmulator seedFromJson(Path file, int kvVersion) {
    Map<String, Object> root;
    try {
      root = VaultHttp.JSON.readValue(file.toFile(), VaultHttp.MAP);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed file " + file, e);
    }
    if (!(root.get("sources") instanceof Map<?, ?> sources)) {
      throw new IllegalArgumentException(file + " has no \"sources\" object");
    }
    sources.forEach(
        (mount, secrets) -> {
          mountKv(String.valueOf(mount), kvVersion);
          if (!(secrets instanceof Map<?, ?> bySecretPath)) {
            throw new IllegalArgumentException("sources." + mount + " is not an object");
          }
          bySecretPath.forEach(
              (path, data) -> put(String.valueOf(mount), String.valueOf(path), data(data)));
        });
    return this;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> data(Object data) {
    if (!(data instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("secret data must be a JSON object: " + data);
    }
    return (Map<String, ?>) data;
  }

  /** Adds an AppRole role_id / secret_id pair at auth mount {@code mount} (root namespace). */
  public VaultEmulator addAppRole(
      String mount, String roleId, String secretId, String... policies) {
    root().addAppRole(mount, roleId, secretId, policies);
    return this;
  }

  /** Adds a Kubernetes auth role accepting exactly {@code expectedJwt} (root namespace). */
  public VaultEmulator addKubernetesRole(
      String mount, String role, String expectedJwt, String... policies) {
    root().addKubernetesRole(mount, role, expectedJwt, policies);
    return this;
  }

  /** Adds a JWT/OIDC auth role accepting exactly {@code expectedJwt} (root namespace). */
  public VaultEmulator addJwtRole(
      String mount, String role, String expectedJwt, String... policies) {
    root().addJwtRole(mount, role, expectedJwt, policies);
    return this;
  }

  // ---- tokens ------------------------------------------------------------------------------

  /** TTL of tokens issued from now on by logins (default 768h, as Vault's system default). */
  public VaultEmulator tokenTtl(Duration ttl) {
    auth.defaultTtl = ttl;
    return this;
  }

  /** Maximum lifetime of a token across renewals (default 768h). */
  public VaultEmulator tokenMaxTtl(Duration maxTtl) {
    auth.maxTtl = maxTtl;
    return this;
  }

  /** Issues a renewable service token in the root namespace directly (no login call). */
  public String createToken(String... policies) {
    return auth.issue("", "auth/token/create", "token", List.of(policies), null).id;
  }

  /** Revokes one token; false if unknown. */
  public boolean revokeToken(String token) {
    return auth.revoke(token);
  }

  /** Revokes every issued token except the root token (forces clients to log in again). */
  public VaultEmulator revokeAllTokens() {
    auth.revokeAll();
    return this;
  }

  /** Makes every current non-root token expire after {@code d} (sooner expiries are kept). */
  public VaultEmulator expireTokensAfter(Duration d) {
    auth.expireAllAfter(d);
    return this;
  }

  /**
   * Answers an unknown, expired or revoked token as Vault 1.16 and older do: 403 with {@code
   * {"errors":["permission denied"]}}, the same words as a policy denial. Vault 1.17 added "invalid
   * token" to that answer (hashicorp/vault#25953; "Error responses" in the token concepts docs);
   * {@code false}, the default, answers as 1.17+.
   */
  public VaultEmulator preInvalidTokenErrors(boolean pre117) {
    preInvalidTokenErrors = pre117;
    return this;
  }

  /**
   * Denies, for every token including root, any request whose namespace-qualified API path (below
   * {@code /v1/}, e.g. {@code secret/data/app} or {@code team-a/secret/metadata/}) starts with
   * {@code prefix}: 403 as a Vault ACL denial.
   */
  public VaultEmulator denyPath(String prefix) {
    deniedPrefixes.add(VaultFaults.normalise(prefix));
    return this;
  }

  /** Like {@link #denyPath(String)} for one token only. */
  public VaultEmulator denyPath(String token, String prefix) {
    deniedByToken
        .computeIfAbsent(token, t -> new CopyOnWriteArraySet<>())
        .add(VaultFaults.normalise(prefix));
    return this;
  }

  /** Removes every {@code denyPath} rule. */
  public VaultEmulator clearDenies() {
    deniedPrefixes.clear();
    deniedByToken.clear();
    return this;
  }

  // ---- counters and recorded requests ------------------------------------------------------

  /**
   * Requests received for an operation, faulted ones included: {@code kv.read}, {@code kv.list},
   * {@code kv.write}, {@code kv.delete} (data DELETE, delete/, destroy/, metadata DELETE), {@code
   * kv.undelete}, {@code kv.metadata}, {@code kv.config}, {@code auth.login}, {@code token.lookup},
   * {@code token.renew}, {@code token.revoke}, {@code sys.mounts}, {@code sys.auth}, {@code
   * sys.health}, {@code other}.
   */
  public long count(String operation) {
    return log.count(operation);
  }

  /** All requests received. */
  public long totalCalls() {
    return log.total();
  }

  /** Every operation's count, sorted by name. */
  public Map<String, Long> counts() {
    return log.counts();
  }

  /** Zeroes the counters and forgets recorded requests and request ids. */
  public void resetCounters() {
    log.reset();
  }

  /** The {@code X-Request-Id} header values received, in arrival order. */
  public List<String> requestIds() {
    return log.requestIds();
  }

  /** Every request received since the last {@link #resetCounters()}, in arrival order. */
  public List<VaultRecordedRequest> requests() {
    return log.requests();
  }

  // ---- latency, faults, seal -----------------------------------------------------------

  /** Sleeps this long before answering every request (including faulted ones). */
  public VaultEmulator latency(Duration delay) {
    latency = delay;
    return this;
  }

  /** Answers the next {@code n} requests with {@code status} and a Vault-style error body. */
  public VaultEmulator failNext(int n, int status) {
    faults.failNext(n, status);
    return this;
  }

  /** Fails the next {@code n} requests whose path below {@code /v1/} starts with the prefix. */
  public VaultEmulator failNextForPath(String pathPrefix, int n, int status) {
    faults.failNextForPath(pathPrefix, n, status);
    return this;
  }

  /**
   * Closes the connection of the next {@code n} requests without answering (the client sees EOF).
   * Note: the JDK HttpClient (and so vault-java-driver) transparently resends an idempotent request
   * (GET, DELETE, ...) once after such an EOF, as it would against a real server; use {@code
   * dropNext(2)} to make one GET fail. A POST fails at the first drop.
   */
  public VaultEmulator dropNext(int n) {
    faults.dropNext(n);
    return this;
  }

  /** Answers every request with {@code status} until {@link #clearFaults()}. */
  public VaultEmulator failAlways(int status) {
    faults.failAlways(status);
    return this;
  }

  /** Removes failures, drops and "fail always" (not latency, seal or denies). */
  public VaultEmulator clearFaults() {
    faults.clear();
    return this;
  }

  /** Seals: every request but {@code sys/health} gets 503 "Vault is sealed"; health gets 503. */
  public VaultEmulator seal() {
    sealed = true;
    return this;
  }

  /** Unseals. */
  public VaultEmulator unseal() {
    sealed = false;
    return this;
  }

  /** Marks the node standby: {@code sys/health} answers 429 (or 200 with standbyok=true). */
  public VaultEmulator standby(boolean isStandby) {
    standby = isStandby;
    return this;
  }

  /** Marks Vault uninitialised: health 501, everything else 503 sealed. */
  public VaultEmulator initialized(boolean isInitialized) {
    initialized = isInitialized;
    return this;
  }

  // ---- package-private accessors for the router ------------------------------------------

  Map<String, VaultNamespace> namespaces() {
    return namespaces;
  }

  VaultAuth auth() {
    return auth;
  }

  Duration currentLatency() {
    return latency;
  }

  boolean isSealed() {
    return sealed;
  }

  boolean isStandby() {
    return standby;
  }

  boolean isInitialized() {
    return initialized;
  }

  boolean preInvalidTokenErrors() {
    return preInvalidTokenErrors;
  }

  boolean isDenied(String token, String fullPath) {
    for (String p : deniedPrefixes) {
      if (fullPath.startsWith(p)) {
        return true;
      }
    }
    Set<String> own = deniedByToken.get(token);
    return own != null && own.stream().anyMatch(fullPath::startsWith);
  }
}
