package dev.secretsync.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secretsync.spi.ProviderException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vault client over TLS, against an HTTPS server on 127.0.0.1 with certificates made by the
 * JDK's {@code keytool}: a private CA file is trusted, the JDK's default trust is not enough for
 * it, host names are checked unless {@code skip_verify}, and a standby's 307 is followed with
 * method, body and token.
 */
class VaultTlsTest {
  private static final String PASSWORD = "changeit";

  @TempDir Path dir;
  private HttpsServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Makes a key pair and self-signed certificate for {@code san}; returns the PEM file. */
  private Path certificate(String name, String san) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path store = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "vault",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "vault",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        pem.toString());
    return pem;
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ":\n" + out);
    }
  }

  /** Serves HTTPS with the key of {@code name}: 307 from /v1/standby to /v1/active, else 200. */
  private String serve(String name) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = ex.getRequestURI().getPath();
          seen.add(
              ex.getRequestMethod()
                  + " "
                  + path
                  + " token="
                  + ex.getRequestHeaders().getFirst("X-Vault-Token")
                  + " body="
                  + body);
          if (path.equals("/v1/standby")) {
            ex.getResponseHeaders().set("Location", "/v1/active");
            ex.sendResponseHeaders(307, -1);
          } else {
            byte[] answer = "{\"data\":{\"ok\":true}}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
          }
          ex.close();
        });
    server.start();
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private static VaultHttp client(String address, Path ca, boolean skipVerify) {
    return new VaultHttp(address, VaultTls.context(ca, skipVerify), skipVerify, 1, null, null);
  }

  @Test
  void aPrivateCaIsTrustedAndAStandbysRedirectKeepsMethodBodyAndToken() throws Exception {
    Path ca = certificate("vault", "ip:127.0.0.1,dns:localhost");
    String address = serve("vault");
    VaultHttp http = client(address, ca, false);

    VaultResponse read = http.send(VaultCall.get("vault.read", "kv/data/app"), "s.token1", "");
    VaultResponse write =
        http.send(VaultCall.post("vault.write", "standby", Map.of("k", "v")), "s.token1", "");
    http.close();

    assertThat(read.status()).isEqualTo(200);
    assertThat(write.status()).isEqualTo(200);
    assertThat(seen)
        .containsExactly(
            "GET /v1/kv/data/app token=s.token1 body=",
            "POST /v1/standby token=s.token1 body={\"k\":\"v\"}",
            "POST /v1/active token=s.token1 body={\"k\":\"v\"}");
  }

  @Test
  void withoutTheCaTheJdkTrustRefusesTheServer() throws Exception {
    certificate("vault", "ip:127.0.0.1");
    String address = serve("vault");
    VaultHttp http = client(address, null, false);

    assertThatThrownBy(() -> http.send(VaultCall.get("vault.read", "kv/data/app"), "t", ""))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("connection failed: SSLHandshakeException");
    assertThat(seen).isEmpty();
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessSkipVerify() throws Exception {
    Path ca = certificate("elsewhere", "dns:vault.elsewhere.example");
    String address = serve("elsewhere");

    VaultHttp checked = client(address, ca, false);
    assertThatThrownBy(() -> checked.send(VaultCall.get("vault.read", "kv/data/app"), "t", ""))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("connection failed: SSLPeerUnverifiedException")
        .hasMessageContaining("127.0.0.1");
    assertThat(seen).isEmpty();

    VaultHttp unchecked = client(address, null, true);
    assertThat(unchecked.send(VaultCall.get("vault.read", "kv/data/app"), "t", "").status())
        .isEqualTo(200);
  }
}
