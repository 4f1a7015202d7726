package dev.secretsync.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.config.VaultConfig;
import dev.secretsync.spi.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution of addresses, namespaces, TLS and credentials from config and environment. */
class VaultSettingsTest {
  @TempDir Path dir;

  static VaultConfig withAuth(VaultConfig.Auth auth) {
    VaultConfig d = VaultConfig.defaults();
    return new VaultConfig("", "", auth, d.tls(), 100_000, 100, 0);
  }

  VaultSettings resolve(VaultConfig cfg, Map<String, String> env) {
    return VaultSettings.resolve(cfg, "", "", env, dir);
  }

  @Test
  void sourceOverridesWinOverConfigWhichWinsOverEnvironment() {
    VaultConfig cfg =
        new VaultConfig(
            "https://cfg:8200/",
            "/team-a/",
            VaultConfig.Auth.NONE,
            new VaultConfig.Tls("", false),
            1,
            1,
            0);
    Map<String, String> env =
        Map.of("VAULT_ADDR", "https://env:8200", "VAULT_NAMESPACE", "env-ns", "VAULT_TOKEN", "t");
    VaultSettings s = VaultSettings.resolve(cfg, "", "", env, dir);
    assertThat(s.address()).isEqualTo("https://cfg:8200");
    assertThat(s.namespace()).isEqualTo("team-a");
    VaultSettings o = VaultSettings.resolve(cfg, "http://src:1", "src-ns", env, dir);
    assertThat(o.address()).isEqualTo("http://src:1");
    assertThat(o.namespace()).isEqualTo("src-ns");
    assertThat(o.sessionKey()).isNotEqualTo(s.sessionKey());
    VaultSettings e = VaultSettings.resolve(VaultConfig.defaults(), "", "", env, dir);
    assertThat(e.address()).isEqualTo("https://env:8200");
    assertThat(e.namespace()).isEqualTo("env-ns");
  }

  @Test
  void environmentCredentialsInOrderTokenThenAppRoleThenTokenFile() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve(".vault-token"), "from-file\n");
    Map<String, String> all =
        Map.of(
            "VAULT_ADDR", "http://v:1",
            "VAULT_TOKEN", "from-env",
            "VAULT_ROLE_ID", "r",
            "VAULT_SECRET_ID", "s",
            "HOME", home.toString());
    assertThat(resolve(VaultConfig.defaults(), all).auth())
        .isEqualTo(new VaultAuthMethod.FixedToken("from-env", "VAULT_TOKEN"));
    Map<String, String> noToken = new java.util.HashMap<>(all);
    noToken.remove("VAULT_TOKEN");
    assertThat(resolve(VaultConfig.defaults(), noToken).auth())
        .isEqualTo(new VaultAuthMethod.AppRole("approle", "r", "s"));
    noToken.remove("VAULT_SECRET_ID");
    assertThat(resolve(VaultConfig.defaults(), noToken).auth())
        .isEqualTo(new VaultAuthMethod.FixedToken("from-file", "~/.vault-token"));
    noToken.remove("HOME");
    assertThatThrownBy(() -> resolve(VaultConfig.defaults(), noToken))
        .hasMessageStartingWith("no Vault credentials");
  }

  @Test
  void configuredAuthWinsAndCredentialsNeverPrint() {
    Map<String, String> env = Map.of("VAULT_ADDR", "http://v:1", "VAULT_TOKEN", "from-env");
    VaultAuthMethod a =
        resolve(
                withAuth(
                    new VaultConfig.Auth(
                        null, new VaultConfig.AppRole("/ar/", "rid", "sid-secret"), null, null)),
                env)
            .auth();
    assertThat(a).isEqualTo(new VaultAuthMethod.AppRole("ar", "rid", "sid-secret"));
    assertThat(a.toString()).doesNotContain("sid-secret");
    assertThat(a.describe()).isEqualTo("approle (mount \"ar\")");
    VaultAuthMethod t =
        resolve(
                withAuth(new VaultConfig.Auth(new VaultConfig.Token("tok-123"), null, null, null)),
                env)
            .auth();
    assertThat(t.toString()).doesNotContain("tok-123");
    assertThat(t.canLogin()).isFalse();
    VaultAuthMethod j =
        resolve(
                withAuth(
                    new VaultConfig.Auth(
                        null, null, null, new VaultConfig.Jwt("ci", "jwt", "", "OIDC"))),
                Map.of("VAULT_ADDR", "http://v:1", "OIDC", "jwt-abc"))
            .auth();
    assertThat(j.toString()).doesNotContain("jwt-abc");
    assertThatThrownBy(
            () ->
                resolve(
                    withAuth(
                        new VaultConfig.Auth(
                            null, null, null, new VaultConfig.Jwt("ci", "jwt", "", "OIDC"))),
                    Map.of("VAULT_ADDR", "http://v:1")))
        .hasMessage("jwt (mount \"jwt\"): environment variable OIDC is not set");
  }

  @Test
  void addressProblems() {
    assertThatThrownBy(() -> resolve(VaultConfig.defaults(), Map.of("VAULT_TOKEN", "t")))
        .hasMessage("no Vault address: set vault.address or VAULT_ADDR");
    assertThatThrownBy(
            () ->
                resolve(
                    VaultConfig.defaults(), Map.of("VAULT_ADDR", "vault:8200", "VAULT_TOKEN", "t")))
        .hasMessageContaining("must start with http:// or https://");
  }

  @Test
  void tlsSettingsComeFromConfigOrEnvironment() throws Exception {
    Map<String, String> env =
        Map.of(
            "VAULT_ADDR", "https://v:1",
            "VAULT_TOKEN", "t",
            "VAULT_CACERT", "ca.pem",
            "VAULT_SKIP_VERIFY", "true");
    VaultSettings s = resolve(VaultConfig.defaults(), env);
    assertThat(s.caCert()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(s.skipVerify()).isTrue();
    assertThat(VaultTls.context(null, true)).isNotNull();
    assertThat(VaultTls.context(null, false)).isNull();
    assertThatThrownBy(() -> VaultTls.context(dir.resolve("ca.pem"), false))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("cannot use CA file " + dir.resolve("ca.pem"));
    Files.writeString(dir.resolve("empty.pem"), "");
    assertThatThrownBy(() -> VaultTls.context(dir.resolve("empty.pem"), false))
        .hasMessageContaining("holds no PEM certificate");
  }

  @Test
  void vaultErrorsAreFlattenedToOneLine() throws Exception {
    VaultResponse r =
        new VaultResponse(
            VaultCall.list("a/metadata/b/"),
            403,
            VaultHttp.JSON.readTree(
                "{\"errors\":[\"2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n\"]}"),
            "ab12cd34",
            1250,
            2);
    assertThat(r.errorText()).isEqualTo("permission denied; invalid token");
    assertThat(r.invalidToken()).isTrue();
    assertThat(r.describeError())
        .isEqualTo(
            "[req=ab12cd34] vault.list at path \"a/metadata/b/\" after 1250ms (retries: 2):"
                + " permission denied; invalid token");
    assertThat(r.toString()).doesNotContain("errors");
  }

  @Test
  void theMountComesFromThePreflightAnswer() {
    assertThat(VaultKv.mountOf("teams/data", "teams/data/")).isEqualTo("teams/data");
    assertThat(VaultKv.mountOf("secret/team-a", "secret/")).isEqualTo("secret");
    assertThat(VaultKv.mountOf("secret/team-a", "ns1/secret/")).isEqualTo("secret");
    assertThat(VaultKv.mountOf("secret", "")).isEqualTo("secret");
    assertThat(VaultKv.mountOf("secret", "other/")).isEqualTo("secret");
  }

  @Test
  void pathsArePercentEncodedPerSegment() {
    assertThat(VaultHttp.encodePath("kv/data/a b/c?d#e%f/ü"))
        .isEqualTo("kv/data/a%20b/c%3Fd%23e%25f/%C3%BC");
  }
}
