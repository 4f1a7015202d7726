package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.provider.github.SealedBox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link GitHubEmulator} to github/rest-api-description (api.github.com): the repository
 * secrets endpoints of Actions, Dependabot and Codespaces, their status codes, pagination, error
 * bodies and rate-limit headers.
 */
class GitHubEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GitHubEmulator gh = GitHubEmulator.start().repo("acme", "api");
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    gh.close();
  }

  @Test
  void publicKeyIsA32ByteKeyWithAKeyIdPerScope() throws Exception {
    Map<String, Object> actions =
        json(call("GET", "/repos/acme/api/actions/secrets/public-key", null));
    Map<String, Object> dependabot =
        json(call("GET", "/repos/acme/api/dependabot/secrets/public-key", null));

    assertThat(Base64.getDecoder().decode((String) actions.get("key"))).hasSize(32);
    assertThat(actions.get("key_id")).isInstanceOf(String.class);
    assertThat(actions.get("key")).isNotEqualTo(dependabot.get("key"));
    assertThat(gh.count("actions.public-key")).isEqualTo(1);
  }

  @Test
  void putCreatesWith201ThenUpdatesWith204AndGetNeverShowsTheValue() throws Exception {
    HttpResponse<String> created = put("codespaces", "DB_PASSWORD", "one");
    var before = gh.updatedAt("acme", "api", "codespaces", "DB_PASSWORD").orElseThrow();
    HttpResponse<String> updated = put("codespaces", "db_password", "two");
    HttpResponse<String> meta = call("GET", "/repos/acme/api/codespaces/secrets/DB_PASSWORD", null);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(updated.statusCode()).isEqualTo(204);
    assertThat(gh.values("acme", "api", "codespaces")).isEqualTo(Map.of("DB_PASSWORD", "two"));
    assertThat(json(meta).keySet()).containsExactly("name", "created_at", "updated_at");
    assertThat(meta.body()).doesNotContain("two");
    assertThat(gh.updatedAt("acme", "api", "codespaces", "DB_PASSWORD").orElseThrow())
        .isAfter(before);
  }

  @Test
  void listPaginatesWithPerPageAndLinkHeaders() throws Exception {
    for (String n : List.of("A", "B", "C", "D", "E")) {
      put("actions", n, "v");
    }

    HttpResponse<String> first = call("GET", "/repos/acme/api/actions/secrets?per_page=2", null);
    HttpResponse<String> last =
        call("GET", "/repos/acme/api/actions/secrets?per_page=2&page=3", null);
    HttpResponse<String> dflt = call("GET", "/repos/acme/api/actions/secrets", null);

    assertThat(json(first).get("total_count")).isEqualTo(5);
    assertThat(names(first)).containsExactly("A", "B");
    assertThat(first.headers().firstValue("link").orElseThrow())
        .contains("page=2>; rel=\"next\"")
        .contains("page=3>; rel=\"last\"");
    assertThat(names(last)).containsExactly("E");
    assertThat(last.headers().firstValue("link").orElseThrow()).doesNotContain("rel=\"next\"");
    assertThat(names(dflt)).hasSize(5);
    assertThat(dflt.headers().firstValue("link")).isEmpty();
    assertThat(gh.count("actions.list")).isEqualTo(3);
  }

  @Test
  void deleteAnswers204ThenNotFound() throws Exception {
    put("dependabot", "TOKEN", "v");

    int first = call("DELETE", "/repos/acme/api/dependabot/secrets/TOKEN", null).statusCode();
    HttpResponse<String> again = call("DELETE", "/repos/acme/api/dependabot/secrets/TOKEN", null);

    assertThat(first).isEqualTo(204);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(json(again).get("message")).isEqualTo("Not Found");
  }

  @Test
  void credentialsAndRepositoryAreChecked() throws Exception {
    var none =
        http.send(
            HttpRequest.newBuilder(URI.create(gh.apiUrl() + "/repos/acme/api/actions/secrets"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var bad =
        http.send(
            HttpRequest.newBuilder(URI.create(gh.apiUrl() + "/repos/acme/api/actions/secrets"))
                .header("Authorization", "Bearer nope")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var missing = call("GET", "/repos/acme/other/actions/secrets", null);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("message")).isEqualTo("Requires authentication");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(json(bad).get("message")).isEqualTo("Bad credentials");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void putRejectsWrongKeyIdBadNamesAndValuesOver48Kb() throws Exception {
    String key = gh.publicKey("acme", "api", "actions")[1];
    String sealed = seal(key, "v");

    var wrongKey = call("PUT", "/repos/acme/api/actions/secrets/OK", body(sealed, "1"));
    var digit = put("actions", "1ABC", "v");
    var reserved = put("actions", "GITHUB_X", "v");
    var big = put("actions", "BIG", "x".repeat(48 * 1024 + 1));
    var fits = put("actions", "FITS", "x".repeat(48 * 1024));

    assertThat(wrongKey.statusCode()).isEqualTo(422);
    assertThat(digit.statusCode()).isEqualTo(422);
    assertThat(reserved.statusCode()).isEqualTo(422);
    assertThat(big.statusCode()).isEqualTo(422);
    assertThat(fits.statusCode()).isEqualTo(201);
    assertThat(gh.values("acme", "api", "actions")).containsOnlyKeys("FITS");
  }

  @Test
  void everyResponseCarriesPrimaryRateLimitHeadersAndZeroRemainingIs403() throws Exception {
    gh.rateLimitRemaining(2);

    var one = call("GET", "/repos/acme/api/actions/secrets", null);
    var two = call("GET", "/repos/acme/api/actions/secrets", null);
    var refused = call("GET", "/repos/acme/api/actions/secrets", null);

    assertThat(one.headers().firstValue("x-ratelimit-remaining")).contains("1");
    assertThat(two.headers().firstValue("x-ratelimit-remaining")).contains("0");
    assertThat(Long.parseLong(one.headers().firstValue("x-ratelimit-reset").orElseThrow()))
        .isGreaterThan(System.currentTimeMillis() / 1000);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat((String) json(refused).get("message")).startsWith("API rate limit exceeded");
  }

  @Test
  void secondaryLimitAnswers403WithRetryAfter() throws Exception {
    gh.secondaryLimitNext(1, 7);

    var limited = put("actions", "A", "v");
    var next = put("actions", "A", "v");

    assertThat(limited.statusCode()).isEqualTo(403);
    assertThat(limited.headers().firstValue("retry-after")).contains("7");
    assertThat((String) json(limited).get("message")).contains("secondary rate limit");
    assertThat(next.statusCode()).isEqualTo(201);
  }

  @Test
  void injectedFailuresAndOutOfBandWritesAreVisible() throws Exception {
    gh.failNext(1, 502);

    int failed = call("GET", "/repos/acme/api/actions/secrets", null).statusCode();
    gh.putOutOfBand("acme", "api", "actions", "X", "theirs");
    var meta = json(call("GET", "/repos/acme/api/actions/secrets/X", null));

    assertThat(failed).isEqualTo(502);
    assertThat(meta.get("name")).isEqualTo("X");
    assertThat(gh.values("acme", "api", "actions")).containsEntry("X", "theirs");
  }

  private HttpResponse<String> put(String app, String name, String value) throws Exception {
    String[] key = gh.publicKey("acme", "api", app);
    return call(
        "PUT", "/repos/acme/api/" + app + "/secrets/" + name, body(seal(key[1], value), key[0]));
  }

  private static String seal(String publicKey, String value) {
    return Base64.getEncoder()
        .encodeToString(
            SealedBox.seal(
                value.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(publicKey)));
  }

  private static String body(String sealed, String keyId) throws Exception {
    return JSON.writeValueAsString(Map.of("encrypted_value", sealed, "key_id", keyId));
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(gh.apiUrl() + path))
            .header("Authorization", "Bearer " + gh.token())
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", GitHubEmulator.API_VERSION)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
    return JSON.readValue(r.body(), Map.class);
  }

  private static List<Object> names(HttpResponse<String> r) throws Exception {
    return ((List<?>) json(r).get("secrets"))
        .stream().map(s -> ((Map<?, ?>) s).get("name")).map(Object.class::cast).toList();
  }
}
