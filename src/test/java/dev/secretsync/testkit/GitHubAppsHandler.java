package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub Apps on the emulator, after "Generating a JSON Web Token (JWT) for a GitHub App" and
 * "Create an installation access token for an app" ({@code POST
 * /app/installations/{installation_id}/ access_tokens}): the JWT must be RS256, signed with the
 * registered app's private key, {@code iss} the app id, {@code exp} in the future and no more than
 * 10 minutes ahead, {@code iat} not in the future; the answer is 201 with {@code token} and {@code
 * expires_at} (an hour by default). An installation token is accepted on the secrets endpoints
 * until it expires, then answers 401 "Bad credentials".
 */
final class GitHubAppsHandler implements HttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROUTE = Pattern.compile("/app/installations/([0-9]+)/access_tokens");
  private static final Pattern LOOKUP =
      Pattern.compile("/repos/([^/]+)/[^/]+/installation|/orgs/([^/]+)/installation");
  private static final String DOCS =
      "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app";
  private static final String UNDECODABLE = "A JSON web token could not be decoded";

  private final GitHubEmulator gh;
  private final Map<String, PublicKey> appKeys = new ConcurrentHashMap<>();
  private final Map<String, String> installations = new ConcurrentHashMap<>();
  private final Map<String, String> installationByAccount = new ConcurrentHashMap<>();
  private final Map<String, Instant> issued = new ConcurrentHashMap<>();
  private final AtomicLong serial = new AtomicLong();
  private volatile Duration lifetime = Duration.ofHours(1);

  GitHubAppsHandler(GitHubEmulator gh) {
    this.gh = gh;
  }

  void register(String appId, String installationId, PublicKey key) {
    appKeys.put(appId, key);
    installations.put(installationId, appId);
  }

  /** The installation is on {@code account} (a user or organisation login). */
  void installedOn(String installationId, String account) {
    installationByAccount.put(account.toLowerCase(Locale.ROOT), installationId);
  }

  /**
   * "Get a repository installation for the authenticated app" ({@code GET
   * /repos/{owner}/{repo}/installation}) and "Get an organization installation" ({@code GET
   * /orgs/{org}/installation}): with the app's JWT, the installation on that account, else 404.
   *
   * @return false when the path is neither (the caller routes it)
   */
  boolean lookup(HttpExchange ex, String path) throws IOException {
    Matcher m = LOOKUP.matcher(path);
    if (!m.matches() || !ex.getRequestMethod().equals("GET")) {
      return false;
    }
    gh.record("app.installation", ex);
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String jwt = auth == null ? "" : auth.replaceFirst("^(?i)bearer ", "");
    String problem = verify(jwt, gh.now());
    if (problem != null) {
      send(ex, 401, error(problem));
      return true;
    }
    String account = (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT);
    String id = installationByAccount.get(account);
    if (id == null || !issuer(jwt).equals(installations.get(id))) {
      send(ex, 404, error("Not Found"));
      return true;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", Long.parseLong(id));
    body.put("app_id", Long.parseLong(installations.get(id)));
    body.put("account", Map.of("login", account));
    send(ex, 200, body);
    return true;
  }

  void lifetime(Duration d) {
    lifetime = d;
  }

  /** Whether {@code token} is an installation token that has not expired. */
  boolean valid(String token, Instant now) {
    Instant expires = issued.get(token);
    return expires != null && now.isBefore(expires);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Matcher m = ROUTE.matcher(ex.getRequestURI().getRawPath());
      if (!m.matches() || !ex.getRequestMethod().equals("POST")) {
        send(ex, 404, error("Not Found"));
        return;
      }
      gh.record("app.access-token", ex);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String jwt = auth == null ? "" : auth.replaceFirst("^(?i)bearer ", "");
      String problem = verify(jwt, gh.now());
      if (problem != null) {
        send(ex, 401, error(problem));
        return;
      }
      String app = installations.get(m.group(1));
      if (app == null || !app.equals(issuer(jwt))) {
        send(ex, 404, error("Not Found"));
        return;
      }
      Instant expires = gh.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
      String token =
          "ghs_emulator" + serial.incrementAndGet() + "x" + Long.toHexString(System.nanoTime());
      issued.put(token, expires);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", token);
      body.put("expires_at", expires.toString());
      body.put("permissions", Map.of("secrets", "write", "metadata", "read"));
      body.put("repository_selection", "all");
      send(ex, 201, body);
    } catch (RuntimeException e) {
      send(ex, 500, error("emulator: " + e));
    }
  }

  /** Why the JWT is refused (GitHub's messages), or null. */
  private String verify(String jwt, Instant now) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return UNDECODABLE;
    }
    Map<?, ?> header;
    Map<?, ?> claims;
    try {
      header = JSON.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
      claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
    } catch (IOException | IllegalArgumentException e) {
      return UNDECODABLE;
    }
    PublicKey key = claims.get("iss") == null ? null : appKeys.get(claims.get("iss").toString());
    if (!"RS256".equals(header.get("alg")) || key == null) {
      return UNDECODABLE;
    }
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(key);
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return UNDECODABLE;
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return UNDECODABLE;
    }
    if (!(claims.get("exp") instanceof Number exp) || exp.longValue() <= now.getEpochSecond()) {
      return "'Expiration time' claim ('exp') must be a numeric value representing the future"
          + " time at which the assertion expires";
    }
    if (exp.longValue() > now.getEpochSecond() + 600) {
      return "'Expiration time' claim ('exp') is too far in the future";
    }
    if (!(claims.get("iat") instanceof Number iat) || iat.longValue() > now.getEpochSecond()) {
      return "'Issued at' claim ('iat') must be an Integer representing the time that the"
          + " assertion was issued";
    }
    return null;
  }

  private static String issuer(String jwt) {
    try {
      return String.valueOf(
          JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class).get("iss"));
    } catch (IOException e) {
      return "";
    }
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message", message);
    m.put("documentation_url", DOCS);
    return m;
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
