package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubAppKeys;
import dev.secretsync.testkit.GitHubEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a github target authenticates, through the CLI against {@link GitHubEmulator}: a GitHub App
 * (JWT → installation token, shared and refreshed before it expires) from the config or the
 * environment, and every auth failure as one line naming the method and GitHub's message.
 */
class GitHubAuthTest extends GitHubTestBase {
  private static final GitHubAppKeys KEYS = GitHubAppKeys.generate();

  @Override
  GitHubEmulator emulator() {
    return GitHubEmulator.start().repo("acme", "api").app("1234", "5678", KEYS.publicKey());
  }

  @BeforeEach
  void setUp() {
    env.remove("GITHUB_TOKEN"); // each test says how it authenticates
    config("");
  }

  private void config(String githubExtra) {
    config("api", ", apps: [actions, dependabot]" + githubExtra);
  }

  /** One github target {@code ci} on {@code acme/<repo>}, with {@code githubExtra} keys. */
  private void config(String repo, String githubExtra) {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          shared: {file: {path: sources/shared}}
        merge_store:
          directory: {path: merged}
        targets:
          ci:
            type: github
            imports: [shared]
            github: {owner: acme, repo: %s%s}
        """
            .formatted(repo, githubExtra));
  }

  private CliHarness.Result pipeline() {
    CliHarness.Result r = checkedPipeline();
    assertThat(r.all()).as("no installation token in output").doesNotContain("ghs_");
    return r;
  }

  private static final String APP =
      ", app_id: \"1234\", installation_id: \"5678\", private_key_file: keys/app.pem";

  @Test
  void anAppWithAPkcs1KeyFromTheConfigSyncsWithOneInstallationTokenForTheRun() {
    KEYS.writePkcs1(dir.resolve("keys/app.pem"));
    config(APP);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.values("acme", "api", "actions")).isNotEmpty();
    assertThat(gh.values("acme", "api", "dependabot")).isNotEmpty();
    assertThat(gh.count("app.access-token")).isEqualTo(1);
  }

  @Test
  void anAppWithAPkcs8KeyFromTheEnvironmentIsUsedBeforeATokenVariable() {
    KEYS.writePkcs8(dir.resolve("keys/app-pkcs8.pem"));
    env.put("SECRETSYNC_GITHUB_APP_ID", "1234");
    env.put("SECRETSYNC_GITHUB_APP_INSTALLATION_ID", "5678");
    env.put("SECRETSYNC_GITHUB_APP_PRIVATE_KEY_FILE", "keys/app-pkcs8.pem");
    env.put("GH_TOKEN", "ghp_not_used");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("app.access-token")).isEqualTo(1);
    assertThat(gh.values("acme", "api", "actions")).isNotEmpty();
  }

  @Test
  void aTokenWithLessThanFiveMinutesLeftIsReplacedBeforeTheNextRequest() {
    KEYS.writePkcs1(dir.resolve("keys/app.pem"));
    config(APP);
    gh.installationTokenLifetime(Duration.ofSeconds(299));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    long apiCalls =
        gh.counts().entrySet().stream()
            .filter(e -> !e.getKey().startsWith("app."))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(gh.count("app.access-token")).isEqualTo(apiCalls).isGreaterThan(4);
  }

  @Test
  void anInstallationTokenGitHubExpiredMidRunIsReplacedAndTheRetryedRequestSucceeds() {
    KEYS.writePkcs1(dir.resolve("keys/app.pem"));
    config(APP);
    // Six minutes: our side still holds it as good for one more minute when GitHub's clock has
    // passed expires_at (a suspended laptop, a long agent run): GitHub answers 401.
    gh.installationTokenLifetime(Duration.ofMinutes(6));
    gh.onFirst(
        "actions.put", () -> gh.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(7))));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("app.access-token")).isEqualTo(2);
    assertThat(gh.values("acme", "api", "actions")).hasSize(8);
    assertThat(gh.values("acme", "api", "dependabot")).hasSize(8);
  }

  @Test
  void withoutInstallationIdTheAppLooksUpItsInstallationOnTheRepositoryOnce() {
    gh.app("1234", "5678", KEYS.publicKey(), "acme");
    config(", app_id: 1234");
    env.put("SECRETSYNC_GITHUB_APP_PRIVATE_KEY", KEYS.pkcs1Pem());

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("app.installation")).isEqualTo(1);
    assertThat(gh.count("app.access-token")).isEqualTo(1);
    assertThat(gh.values("acme", "api", "actions")).hasSize(8);
    assertThat(r.all())
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(KEYS.pkcs1Pem().substring(40, 80));
  }

  @Test
  void anAppNotInstalledOnTheRepositorySaysToInstallIt() {
    env.put("SECRETSYNC_GITHUB_APP_PRIVATE_KEY", KEYS.pkcs1Pem());
    config(", app_id: 1234");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsOnlyOnce(
            "Target ci (github, 3 secrets): FAILED: GitHub App 1234 (its installation on acme) not"
                + " found (404 Not Found) at GET"
                + " /repos/acme/api/installation — install the app on acme/api (or set"
                + " installation_id)");
  }

  @Test
  void anAppKeyGitHubDoesNotKnowFailsInOneLineNamingTheApp() {
    GitHubAppKeys.generate().writePkcs1(dir.resolve("keys/app.pem"));
    config(APP);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsOnlyOnce(
            "FAILED: GitHub rejected the JWT of GitHub App 1234 installation 5678 (401 A JSON web"
                + " token could not be decoded) at POST /app/installations/5678/access_tokens —"
                + " check app_id and that private_key_file ")
        .contains("app.pem is a current private key of that app");
    assertThat(r.stdout().lines().filter(l -> l.contains("GitHub App 1234"))).hasSize(1);
    assertThat(r.all())
        .as("the target is named once per line")
        .doesNotContain("target ci: target ci:");
    assertThat(gh.count("actions.list")).isZero();
  }

  @Test
  void anUnknownInstallationFailsNamingIt() {
    KEYS.writePkcs1(dir.resolve("keys/app.pem"));
    config(APP.replace("5678", "9999"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("target ci: GitHub App 1234 installation 9999 not found (404 Not Found)")
        .contains("check installation_id");
  }

  @Test
  void aKeyFileThatIsNotAPemKeySaysSo() {
    cli.write("keys/app.pem", "ssh-rsa AAAA not a private key\n");
    config(APP);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("GitHub App 1234 installation 5678: private_key_file ")
        .contains("not a PEM private key (expected -----BEGIN RSA PRIVATE KEY-----");
    assertThat(r.stdout().lines().filter(l -> l.contains("GitHub App 1234"))).hasSize(1);
    assertThat(r.all())
        .as("the target is named once per line")
        .doesNotContain("target ci: target ci:");
    assertThat(r.all()).doesNotContain("ssh-rsa");
    assertThat(gh.count("app.access-token")).isZero();
  }

  @Test
  void aRejectedGhTokenNamesGhToken() {
    env.put("GH_TOKEN", "ghp_wrong");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsOnlyOnce(
            "GitHub rejected the token from GH_TOKEN (401 Bad credentials) at GET"
                + " /repos/acme/api/actions/secrets — set GH_TOKEN to a valid, unexpired token");
    assertThat(r.all()).doesNotContain("ghp_wrong");
  }

  @Test
  void aMissingPermissionNamesThePermissionGitHubAsksFor() {
    env.put("GITHUB_TOKEN", gh.token());
    gh.denyPermission("dependabot_secrets");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsOnlyOnce(
            "GitHub refused GET /repos/acme/api/dependabot/secrets (403 Resource not accessible by"
                + " integration) — the token from GITHUB_TOKEN lacks the permission"
                + " dependabot_secrets=read on acme/api — grant it to the token");
    assertThat(gh.count("put")).isZero();
  }

  @Test
  void aMissingPermissionOfAnAppNamesTheApp() {
    KEYS.writePkcs1(dir.resolve("keys/app.pem"));
    config(APP);
    gh.denyPermission("secrets");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains(
            "— GitHub App 1234 installation 5678 lacks the permission secrets=read on acme/api"
                + " — grant it to the app, then accept the new permissions for the installation");
  }

  @Test
  void aRepositoryTheTokenCannotSeeIsNamed() {
    env.put("GITHUB_TOKEN", gh.token());
    config("private-api", "");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsOnlyOnce(
            "repository acme/private-api not found or not visible to the token from GITHUB_TOKEN"
                + " (404 at GET /repos/acme/private-api/actions/secrets) — check owner and repo,"
                + " and give the token access to the repository");
  }
}
