package dev.secretsync.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.GitHubEmulator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * GitHub targets ({@code type: github}) on the {@link GitHubEmulator}: each target name gets a
 * repository of its own ({@code acme/<name>}), Actions secrets, one GitHub secret per bundle key
 * ({@code granularity: secret}, so a key reads back as one JSON value), and a directory merge store
 * for the state record. Values are read back as the emulator decrypted them.
 */
final class GitHubTargetAdapter implements TargetAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "acme";
  private static final String APP = "actions";

  private GitHubEmulator gh;

  @Override
  public String type() {
    return "github";
  }

  @Override
  public void start(Path dir) {
    gh = GitHubEmulator.start().repo(OWNER, repo("T")).repo(OWNER, repo("U"));
  }

  @Override
  public String globalYaml() {
    return "merge_store: {directory: {path: merged}}\n";
  }

  @Override
  public String targetYaml(String target, String shareWith) {
    return "type: github\ngithub: {owner: "
        + OWNER
        + ", repo: "
        + repo(shareWith == null ? target : shareWith)
        + ", apps: [actions], granularity: secret}\n";
  }

  @Override
  public Map<String, String> env() {
    return Map.of("GITHUB_TOKEN", gh.token(), "GITHUB_API_URL", gh.apiUrl());
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> read(String target, String key) {
    String value = gh.values(OWNER, repo(target), APP).get(nameOf(key));
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
    gh.values(OWNER, repo(target), APP)
        .forEach(
            (name, value) ->
                out.put(
                    name,
                    value.hashCode()
                        + "@"
                        + gh.updatedAt(OWNER, repo(target), APP, name).orElseThrow()));
    return out;
  }

  @Override
  public void changeOutOfBand(String target, String key, Map<String, Object> value) {
    gh.putOutOfBand(OWNER, repo(target), APP, nameOf(key), json(value));
  }

  @Override
  public void createUnmanaged(String target, String key, Map<String, Object> value) {
    gh.putOutOfBand(OWNER, repo(target), APP, nameOf(key), json(value));
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
        + " repository and app are not supported (not refused at validation yet)";
  }

  @Override
  public void close() {
    gh.close();
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
