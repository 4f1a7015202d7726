package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the emulator's GitHub Apps to the docs: "Generating a JSON Web Token (JWT) for a GitHub App"
 * (RS256, {@code iss} the app id, {@code exp} at most 10 minutes ahead) and "Create an installation
 * access token for an app" (201, {@code token}, {@code expires_at}); an expired installation token
 * is refused with 401; a missing fine-grained permission is a 403 naming it in {@code
 * x-accepted-github-permissions}.
 */
class GitHubAppsEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GitHubAppKeys keys = GitHubAppKeys.generate();
  private final GitHubEmulator gh =
      GitHubEmulator.start().repo("acme", "api").app("1234", "5678", keys.publicKey());
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    gh.close();
  }

  @Test
  void aSignedJwtBuysAnHourLongInstallationTokenThatListsSecrets() throws Exception {
    HttpResponse<String> r = accessToken("5678", keys.jwt(GitHubAppKeys.claims("1234", now())));
    Map<?, ?> body = JSON.readValue(r.body(), Map.class);
    String token = (String) body.get("token");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(Instant.parse((String) body.get("expires_at")))
        .isBetween(now().plus(Duration.ofMinutes(59)), now().plus(Duration.ofMinutes(61)));
    assertThat(get("/repos/acme/api/actions/secrets", token).statusCode()).isEqualTo(200);
    assertThat(gh.count("app.access-token")).isEqualTo(1);
  }

  @Test
  void aJwtSignedWithAnotherKeyIsUndecodable() throws Exception {
    String jwt = GitHubAppKeys.generate().jwt(GitHubAppKeys.claims("1234", now()));

    HttpResponse<String> r = accessToken("5678", jwt);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("A JSON web token could not be decoded");
  }

  @Test
  void aJwtExpiringMoreThanTenMinutesAheadOrAlreadyExpiredIsRefused() throws Exception {
    Map<String, Object> far = new HashMap<>(GitHubAppKeys.claims("1234", now()));
    far.put("exp", now().getEpochSecond() + 660);
    Map<String, Object> past = new HashMap<>(GitHubAppKeys.claims("1234", now()));
    past.put("exp", now().getEpochSecond() - 1);

    HttpResponse<String> tooFar = accessToken("5678", keys.jwt(far));
    HttpResponse<String> expired = accessToken("5678", keys.jwt(past));

    assertThat(tooFar.statusCode()).isEqualTo(401);
    assertThat(tooFar.body()).contains("'Expiration time' claim ('exp') is too far in the future");
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).contains("'Expiration time' claim ('exp') must be a numeric value");
  }

  @Test
  void aJwtIssuedInTheFutureIsNotYetValid() throws Exception {
    Map<String, Object> claims = new HashMap<>(GitHubAppKeys.claims("1234", now()));
    claims.put("iat", now().getEpochSecond() + 120);

    HttpResponse<String> r = accessToken("5678", keys.jwt(claims));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("'Issued at' claim ('iat') must be an Integer");
  }

  @Test
  void aJwtFromAnotherIssuerCannotBeDecodedOrBuyAnotherAppsInstallation() throws Exception {
    GitHubAppKeys other = GitHubAppKeys.generate();
    gh.app("4321", "8765", other.publicKey());

    HttpResponse<String> unknownIssuer =
        accessToken("5678", keys.jwt(GitHubAppKeys.claims("9999", now())));
    HttpResponse<String> otherApp =
        accessToken("5678", other.jwt(GitHubAppKeys.claims("4321", now())));

    assertThat(unknownIssuer.statusCode()).isEqualTo(401);
    assertThat(unknownIssuer.body()).contains("A JSON web token could not be decoded");
    assertThat(otherApp.statusCode()).isEqualTo(404);
  }

  @Test
  void anAppFindsItsInstallationOnARepositoryOrOrganisationWithItsJwt() throws Exception {
    gh.app("1234", "5678", keys.publicKey(), "acme");
    String jwt = keys.jwt(GitHubAppKeys.claims("1234", now()));

    HttpResponse<String> repo = get("/repos/acme/api/installation", jwt);
    HttpResponse<String> org = get("/orgs/acme/installation", jwt);
    HttpResponse<String> elsewhere = get("/orgs/globex/installation", jwt);
    HttpResponse<String> withToken = get("/orgs/acme/installation", gh.token());

    assertThat(repo.statusCode()).isEqualTo(200);
    assertThat(JSON.readValue(repo.body(), Map.class).get("id")).isEqualTo(5678);
    assertThat(org.statusCode()).isEqualTo(200);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(withToken.statusCode()).isEqualTo(401);
  }

  @Test
  void anUnknownInstallationIsNotFound() throws Exception {
    HttpResponse<String> r = accessToken("9999", keys.jwt(GitHubAppKeys.claims("1234", now())));

    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void anExpiredInstallationTokenIsRefusedWith401() throws Exception {
    String token =
        (String)
            JSON.readValue(
                    accessToken("5678", keys.jwt(GitHubAppKeys.claims("1234", now()))).body(),
                    Map.class)
                .get("token");
    gh.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(61)));

    HttpResponse<String> r = get("/repos/acme/api/actions/secrets", token);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Bad credentials");
  }

  @Test
  void aMissingPermissionIsA403NamingIt() throws Exception {
    gh.denyPermission("dependabot_secrets");

    HttpResponse<String> r = get("/repos/acme/api/dependabot/secrets", gh.token());

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("Resource not accessible by integration");
    assertThat(r.headers().firstValue("x-accepted-github-permissions"))
        .contains("dependabot_secrets=read");
    assertThat(get("/repos/acme/api/actions/secrets", gh.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void organisationSecretsNameTheOrganisationPermission() throws Exception {
    gh.accounts().org("acme");
    gh.denyPermission("organization_secrets");

    HttpResponse<String> r = get("/orgs/acme/actions/secrets", gh.token());

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("x-accepted-github-permissions"))
        .contains("organization_secrets=read");
  }

  private static Instant now() {
    return Instant.now();
  }

  private HttpResponse<String> accessToken(String installation, String jwt) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(gh.apiUrl() + "/app/installations/" + installation + "/access_tokens"))
            .header("Accept", "application/vnd.github+json")
            .header("Authorization", "Bearer " + jwt)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(gh.apiUrl() + path))
            .header("Accept", "application/vnd.github+json")
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
