package dev.secretsync.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.GitHubEmulator;
import dev.secretsync.testkit.GitHubScopeHandle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * GitHub targets ({@code type: github}) on the {@link GitHubEmulator}: each target name gets a
 * repository of its own ({@code acme/<name>}), Actions secrets — of the repository, or with {@link
 * #environmentScope()} of its {@code production} environment — one GitHub secret per bundle key
 * ({@code granularity: secret}, so a key reads back as one JSON value), and a directory merge store
 * for the state record. Values are read back as the emulator decrypted them.
 */
final class GitHubTargetAdapter implements TargetAdapter {
  private static final String ENVIRONMENT = "production";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "acme";
  private static final String APP = "actions";

  private final String scope;
  private GitHubEmulator gh;

  /** Repository secrets. */
  GitHubTargetAdapter() {
    this("repo");
  }

  private GitHubTargetAdapter(String scope) {
    this.scope = scope;
  }

  /** The Actions secrets of an environment ({@code scope: environment}). */
  static GitHubTargetAdapter environmentScope() {
    return new GitHubTargetAdapter("environment");
  }

  /** The Actions secrets of an organisation of its own per target ({@code scope: org}). */
  static GitHubTargetAdapter orgScope() {
    return new GitHubTargetAdapter("org");
  }

  @Override
  public String type() {
    return "github";
  }

  @Override
  public void start(Path dir) {
    gh = GitHubEmulator.start().repo(OWNER, repo("T")).repo(OWNER, repo("U"));
    for (String t : List.of("T", "U")) {
      gh.environments().create(OWNER, repo(t), ENVIRONMENT, Instant.now());
      gh.accounts().org(org(t));
    }
  }

  @Override
  public String globalYaml() {
    return "merge_store: {directory: {path: merged}}\n";
  }

  @Override
  public String targetYaml(String target, String shareWith) {
    String place = shareWith == null ? target : shareWith;
    return "type: github\ngithub: {"
        + switch (scope) {
          case "environment" ->
              "scope: environment, environment: "
                  + ENVIRONMENT
                  + ", owner: "
                  + OWNER
                  + ", repo: "
                  + repo(place);
          case "org" -> "scope: org, owner: " + org(place);
          default -> "owner: " + OWNER + ", repo: " + repo(place);
        }
        + ", apps: [actions], granularity: secret}\n";
  }

  @Override
  public Map<String, String> env() {
    return Map.of("GITHUB_TOKEN", gh.token(), "GITHUB_API_URL", gh.apiUrl());
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> read(String target, String key) {
    String value = scope(target).values().get(nameOf(key));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(value, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not JSON: " + nameOf(key), e);
    }
  }

  @Override
  public Map<String, String> snapshot(String target) {
    Map<String, String> out = new TreeMap<>();
    GitHubScopeHandle scope = scope(target);
    scope
        .values()
        .forEach(
            (name, value) ->
                out.put(name, value.hashCode() + "@" + scope.updatedAt(name).orElseThrow()));
    return out;
  }

  @Override
  public void changeOutOfBand(String target, String key, Map<String, Object> value) {
    scope(target).putOutOfBand(nameOf(key), json(value));
  }

  @Override
  public void createUnmanaged(String target, String key, Map<String, Object> value) {
    scope(target).putOutOfBand(nameOf(key), json(value));
  }

  private GitHubScopeHandle scope(String target) {
    return switch (scope) {
      case "environment" -> gh.environmentSecrets(OWNER, repo(target), ENVIRONMENT);
      case "org" -> gh.orgSecrets(org(target), APP);
      default -> gh.repoSecrets(OWNER, repo(target), APP);
    };
  }

  @Override
  public long writeCalls() {
    return gh.count("put") + gh.count("delete");
  }

  @Override
  public void resetCounters() {
    gh.resetCounters();
  }

  @Override
  public void failOneWrite(String target, String key) {
    gh.refusePutsOf(nameOf(key));
  }

  @Override
  public String nameOf(String key) {
    return key.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
  }

  @Override
  public String refusedKey() {
    return "9lives"; // 9LIVES: a GitHub secret name may not start with a digit
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.VALUE_SIZE_LIMIT);
  }

  @Override
  public String whyNot(Capability capability) {
    return "ownership of a github target is its own state record, so a name another github"
        + " target wrote to the same repository looks unmanaged to it; two github targets on one"
        + " repository and app are refused at validation (GitHubClientConfigTest)";
  }

  @Override
  public void close() {
    gh.close();
  }

  private static String org(String target) {
    return target.toLowerCase(Locale.ROOT) + "-org";
  }

  private static String repo(String target) {
    return target.toLowerCase(Locale.ROOT) + "-repo";
  }

  private static String json(Map<String, Object> value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
