package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.provider.github.SealedBox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the emulator's environment and organisation secrets, environments with protection rules,
 * deployment branch policies and the user/team/repository look-ups to github/rest-api-description
 * (api.github.com, 2022-11-28).
 */
class GitHubScopesEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GitHubEmulator gh = GitHubEmulator.start().repo("acme", "api").repo("acme", "web");
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    gh.close();
  }

  @Test
  void environmentSecretsNeedTheEnvironmentAndHaveTheirOwnKey() throws Exception {
    HttpResponse<String> before =
        call("GET", "/repos/acme/api/environments/production/secrets", null);
    gh.environments().create("acme", "api", "production", Instant.now());
    Map<String, Object> key =
        json(call("GET", "/repos/acme/api/environments/production/secrets/public-key", null));
    Map<String, Object> repoKey =
        json(call("GET", "/repos/acme/api/actions/secrets/public-key", null));
    HttpResponse<String> put =
        call(
            "PUT",
            "/repos/acme/api/environments/Production/secrets/DB_PASSWORD",
            body(
                Map.of(
                    "encrypted_value",
                    seal((String) key.get("key"), "s3cr3t"),
                    "key_id",
                    key.get("key_id"))));
    HttpResponse<String> list =
        call("GET", "/repos/acme/api/environments/production/secrets", null);

    assertThat(before.statusCode()).isEqualTo(404);
    assertThat(key.get("key")).isNotEqualTo(repoKey.get("key"));
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(gh.environmentValues("acme", "api", "production"))
        .isEqualTo(Map.of("DB_PASSWORD", "s3cr3t"));
    assertThat(json(list).get("total_count")).isEqualTo(1);
    assertThat(gh.count("env-actions.put")).isEqualTo(1);
  }

  @Test
  void orgSecretsRequireVisibilityAndTypedRepositoryIds() throws Exception {
    gh.accounts().org("acme");
    long web = gh.accounts().repositoryId("acme", "web");
    Map<String, Object> key = json(call("GET", "/orgs/acme/actions/secrets/public-key", null));
    String sealed = seal((String) key.get("key"), "v");

    HttpResponse<String> noVisibility =
        call(
            "PUT",
            "/orgs/acme/actions/secrets/TOKEN",
            body(Map.of("encrypted_value", sealed, "key_id", key.get("key_id"))));
    HttpResponse<String> stringIds =
        call(
            "PUT",
            "/orgs/acme/actions/secrets/TOKEN",
            body(orgBody(sealed, key.get("key_id"), "selected", List.of(String.valueOf(web)))));
    HttpResponse<String> ok =
        call(
            "PUT",
            "/orgs/acme/actions/secrets/TOKEN",
            body(orgBody(sealed, key.get("key_id"), "selected", List.of(web))));
    Map<String, Object> meta = json(call("GET", "/orgs/acme/actions/secrets/TOKEN", null));
    Map<String, Object> repos =
        json(call("GET", "/orgs/acme/actions/secrets/TOKEN/repositories", null));

    assertThat(noVisibility.statusCode()).isEqualTo(422);
    assertThat(stringIds.statusCode()).isEqualTo(422);
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(meta)
        .containsEntry("visibility", "selected")
        .containsKey("selected_repositories_url");
    assertThat(repos.get("total_count")).isEqualTo(1);
    assertThat(gh.orgAccess("acme", "actions", "TOKEN").orElseThrow())
        .isEqualTo(Map.entry("selected", Set.of(web)));
  }

  @Test
  void dependabotOrgSecretsTakeRepositoryIdsAsStrings() throws Exception {
    gh.accounts().org("acme");
    long api = gh.accounts().repositoryId("acme", "api");
    Map<String, Object> key = json(call("GET", "/orgs/acme/dependabot/secrets/public-key", null));

    HttpResponse<String> put =
        call(
            "PUT",
            "/orgs/acme/dependabot/secrets/NPM_TOKEN",
            body(
                orgBody(
                    seal((String) key.get("key"), "n"),
                    key.get("key_id"),
                    "selected",
                    List.of(String.valueOf(api)))));
    HttpResponse<String> notSelected =
        call(
            "PUT",
            "/orgs/acme/dependabot/secrets/NPM_TOKEN/repositories",
            body(Map.of("selected_repository_ids", List.of())));

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(gh.orgValues("acme", "dependabot")).isEqualTo(Map.of("NPM_TOKEN", "n"));
    assertThat(notSelected.statusCode()).isEqualTo(204);
    assertThat(gh.orgAccess("acme", "dependabot", "NPM_TOKEN").orElseThrow().getValue()).isEmpty();
  }

  @Test
  void unknownOrganisationAnswers404() throws Exception {
    assertThat(call("GET", "/orgs/nobody/actions/secrets", null).statusCode()).isEqualTo(404);
  }

  @Test
  void environmentPutCreatesThenUpdatesAndShowsProtectionRules() throws Exception {
    long alice = gh.accounts().user("alice");
    long team = gh.accounts().team("acme", "platform");
    Map<String, Object> rules = new LinkedHashMap<>();
    rules.put("wait_timer", 30);
    rules.put("prevent_self_review", true);
    rules.put(
        "reviewers",
        List.of(Map.of("type", "User", "id", alice), Map.of("type", "Team", "id", team)));
    rules.put(
        "deployment_branch_policy",
        Map.of("protected_branches", true, "custom_branch_policies", false));

    HttpResponse<String> put = call("PUT", "/repos/acme/api/environments/production", body(rules));
    Map<String, Object> env = json(call("GET", "/repos/acme/api/environments/production", null));
    HttpResponse<String> policies =
        call("GET", "/repos/acme/api/environments/production/deployment-branch-policies", null);

    assertThat(put.statusCode()).isEqualTo(200);
    // Each rule is a JSON object: its members come in no particular order.
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> protection = (List<Map<String, Object>>) env.get("protection_rules");
    assertThat(protection)
        .anySatisfy(
            r -> assertThat(r).containsEntry("type", "wait_timer").containsEntry("wait_timer", 30))
        .anySatisfy(
            r ->
                assertThat(r)
                    .containsEntry("type", "required_reviewers")
                    .containsEntry("prevent_self_review", true))
        .anySatisfy(r -> assertThat(r).containsEntry("type", "branch_policy"));
    assertThat(protection.toString()).contains("id=" + alice);
    assertThat(env.get("deployment_branch_policy"))
        .isEqualTo(Map.of("protected_branches", true, "custom_branch_policies", false));
    assertThat(policies.statusCode()).as("custom_branch_policies is false").isEqualTo(404);
  }

  @Test
  void environmentsAreListedWithTheirProtectionRulesPageByPage() throws Exception {
    for (String name : List.of("dev", "staging", "production")) {
      call("PUT", "/repos/acme/api/environments/" + name, body(Map.of("wait_timer", 5)));
    }

    HttpResponse<String> first = call("GET", "/repos/acme/api/environments?per_page=2", null);
    HttpResponse<String> second =
        call("GET", "/repos/acme/api/environments?per_page=2&page=2", null);

    assertThat(json(first).get("total_count")).isEqualTo(3);
    assertThat(json(first).get("environments").toString())
        .contains("name=dev")
        .contains("wait_timer=5");
    assertThat(first.headers().firstValue("link").orElseThrow()).contains("rel=\"next\"");
    assertThat((List<?>) json(second).get("environments")).hasSize(1);
    assertThat(gh.count("environments.list")).isEqualTo(2);
  }

  @Test
  void environmentPutRefusesWhatGitHubRefuses() throws Exception {
    HttpResponse<String> both =
        call(
            "PUT",
            "/repos/acme/api/environments/x",
            body(
                Map.of(
                    "deployment_branch_policy",
                    Map.of("protected_branches", true, "custom_branch_policies", true))));
    HttpResponse<String> unknownReviewer =
        call(
            "PUT",
            "/repos/acme/api/environments/x",
            body(Map.of("reviewers", List.of(Map.of("type", "User", "id", 999)))));
    HttpResponse<String> longWait =
        call("PUT", "/repos/acme/api/environments/x", body(Map.of("wait_timer", 43_201)));
    HttpResponse<String> bare = call("PUT", "/repos/acme/api/environments/dev", null);

    assertThat(both.statusCode()).isEqualTo(422);
    assertThat(unknownReviewer.statusCode()).isEqualTo(422);
    assertThat(longWait.statusCode()).isEqualTo(422);
    assertThat(gh.environments().json("acme", "api", "x")).isEmpty();
    assertThat(bare.statusCode()).isEqualTo(200);
    assertThat(json(bare).get("deployment_branch_policy")).isNull();
  }

  @Test
  void customBranchPoliciesAreListedCreatedAndDeleted() throws Exception {
    call(
        "PUT",
        "/repos/acme/api/environments/staging",
        body(
            Map.of(
                "deployment_branch_policy",
                Map.of("protected_branches", false, "custom_branch_policies", true))));
    String base = "/repos/acme/api/environments/staging/deployment-branch-policies";

    Map<String, Object> created =
        json(call("POST", base, body(Map.of("name", "release/*", "type", "branch"))));
    call("POST", base, body(Map.of("name", "main")));
    HttpResponse<String> deleted = call("DELETE", base + "/" + created.get("id"), null);
    Map<String, Object> list = json(call("GET", base, null));

    assertThat(created).containsEntry("name", "release/*").containsEntry("type", "branch");
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(list.get("total_count")).isEqualTo(1);
    assertThat(gh.environments().patterns("acme", "api", "staging")).containsExactly("main");
  }

  @Test
  void usersTeamsAndRepositoriesResolveToIdsOr404() throws Exception {
    long alice = gh.accounts().user("alice");
    long team = gh.accounts().team("acme", "platform");

    assertThat(json(call("GET", "/users/alice", null))).containsEntry("id", (int) alice);
    assertThat(json(call("GET", "/orgs/acme/teams/platform", null)))
        .containsEntry("id", (int) team);
    assertThat(json(call("GET", "/repos/acme/web", null)))
        .containsEntry("id", (int) gh.accounts().repositoryId("acme", "web"));
    assertThat(call("GET", "/users/bob", null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/orgs/acme/teams/nope", null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/repos/acme/nope", null).statusCode()).isEqualTo(404);
    assertThat(gh.count("users.get")).isEqualTo(2);
  }

  private static Map<String, Object> orgBody(
      String sealed, Object keyId, String visibility, List<?> ids) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("encrypted_value", sealed);
    m.put("key_id", keyId);
    m.put("visibility", visibility);
    m.put("selected_repository_ids", ids);
    return m;
  }

  private static String seal(String publicKey, String value) {
    return Base64.getEncoder()
        .encodeToString(
            SealedBox.seal(
                value.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(publicKey)));
  }

  private static String body(Object o) throws Exception {
    return JSON.writeValueAsString(o);
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
}
