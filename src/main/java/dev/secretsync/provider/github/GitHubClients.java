package dev.secretsync.provider.github;

import dev.secretsync.config.GitHubClientConfig;
import dev.secretsync.observability.Metrics;
import dev.secretsync.resilience.Breakers;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the github targets of a process share: one keep-alive {@link HttpClient}, one credential per
 * API and token or App installation (so an installation token is fetched once and refreshed for
 * all), and one write gate per credential (GitHub's secondary limits count per token).
 */
public final class GitHubClients {
  private final HttpClient http;
  private final Breakers breakers;
  private final Metrics metrics;
  private final Clock clock;
  private final Map<String, GitHubAuth> auths = new ConcurrentHashMap<>();
  private final Map<String, GitHubWriteGate> gates = new ConcurrentHashMap<>();

  /**
   * @param breakers the circuit breakers ({@code github:<api_url>})
   * @param metrics where request counts and the rate limit go
   */
  public GitHubClients(Breakers breakers, Metrics metrics) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), breakers, metrics);
  }

  /**
   * @param http the HTTP client to share
   * @param breakers the circuit breakers ({@code github:<api_url>})
   * @param metrics where request counts and the rate limit go
   */
  public GitHubClients(HttpClient http, Breakers breakers, Metrics metrics) {
    this.http = http;
    this.breakers = breakers;
    this.metrics = metrics;
    this.clock = Clock.systemUTC();
  }

  /** The client of one target: its credential and write gate are the shared ones. */
  GitHubHttp http(GitHubSettings s, GitHubClientConfig limits) {
    String identity = s.apiUrl() + " " + s.credentials().identity();
    GitHubAuth auth =
        auths.computeIfAbsent(
            identity,
            k ->
                s.credentials() instanceof GitHubCredentials.App a
                    ? new GitHubAppAuth(a, s.apiUrl(), http, metrics, clock)
                    : new GitHubAuth.Fixed((GitHubCredentials.Token) s.credentials()));
    GitHubWriteGate gate =
        gates.computeIfAbsent(
            identity,
            k -> new GitHubWriteGate(limits.maxConcurrentWrites(), limits.writesPerMinute()));
    gate.tighten(limits.maxConcurrentWrites(), limits.writesPerMinute());
    return new GitHubHttp(http, s, auth, gate, breakers, metrics);
  }
}
