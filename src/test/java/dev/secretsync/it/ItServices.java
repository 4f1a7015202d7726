package dev.secretsync.it;

import com.github.dockerjava.api.model.Capability;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real services the {@code *IT} tests run against: pinned Vault, OpenBao and LocalStack images,
 * each started once per JVM on first use and shared by every test class (Testcontainers' Ryuk
 * removes them when the JVM ends). Tests isolate themselves by name instead of by container: a
 * random suffix on every Vault mount and S3 bucket, a random 12-digit AWS account per test
 * (LocalStack namespaces state by the account in the access key id).
 *
 * <p>Inside {@code docker-compose.test.yml}'s {@code it} service, {@code SECRETSYNC_IT_VAULT_ADDR}
 * / {@code SECRETSYNC_IT_VAULT_TOKEN} and {@code SECRETSYNC_IT_AWS_ENDPOINT} point the "current
 * Vault" and LocalStack at the compose services instead; the version-specific servers (Vault before
 * 1.17, OpenBao) are always containers.
 */
final class ItServices {
  /**
   * Before 1.17: a revoked or expired token gets 403 "permission denied" without "invalid token".
   */
  static final String VAULT_PRE_117 = "hashicorp/vault:1.15.6";

  /** A current Vault: 1.17+ adds "invalid token" to the 403 of a dead token. */
  static final String VAULT_CURRENT = "hashicorp/vault:1.18.5";

  /** The open-source fork, API-compatible for everything secretsync uses. */
  static final String OPENBAO = "openbao/openbao:2.4.1";

  /** The last community build that starts without an auth token. */
  static final String LOCALSTACK = "localstack/localstack:4.9.2";

  /** Root token of every dev-mode server started here (a dev server's token is not a secret). */
  static final String ROOT_TOKEN = "root-token-for-tests-only";

  private static final int VAULT_PORT = 8200;
  private static final Map<String, VaultServer> VAULTS = new ConcurrentHashMap<>();
  private static volatile URI awsEndpoint;

  private ItServices() {}

  /**
   * A dev-mode Vault API server.
   *
   * @param image the image it runs ({@code external} for a compose service)
   * @param address {@code http://host:port}
   * @param rootToken its root token
   */
  record VaultServer(String image, String address, String rootToken) {
    /** An admin client using the root token. */
    VaultAdmin admin() {
      return new VaultAdmin(address, rootToken);
    }

    @Override
    public String toString() {
      return image;
    }
  }

  /** The Vault of {@code image}, started on first use. */
  static VaultServer vault(String image) {
    if (image.equals(VAULT_CURRENT)) {
      Optional<VaultServer> external = externalVault();
      if (external.isPresent()) {
        return external.get();
      }
    }
    return VAULTS.computeIfAbsent(image, ItServices::startVault);
  }

  /** LocalStack's edge endpoint (Secrets Manager, STS and S3 on one port), started on first use. */
  static URI localStack() {
    URI e = awsEndpoint;
    if (e == null) {
      synchronized (ItServices.class) {
        if (awsEndpoint == null) {
          awsEndpoint =
              env("SECRETSYNC_IT_AWS_ENDPOINT").map(URI::create).orElseGet(ItServices::startAws);
        }
        e = awsEndpoint;
      }
    }
    return e;
  }

  private static Optional<VaultServer> externalVault() {
    return env("SECRETSYNC_IT_VAULT_ADDR")
        .map(
            addr ->
                new VaultServer(
                    "external " + addr, addr, env("SECRETSYNC_IT_VAULT_TOKEN").orElse(ROOT_TOKEN)));
  }

  @SuppressWarnings("resource") // lives until the JVM ends; Ryuk removes the container
  private static VaultServer startVault(String image) {
    // Both images' entrypoints turn `server ...` into `vault|bao server -config=... <args>`; the
    // explicit flags come last and win, and the two *_DEV_ROOT_TOKEN_ID variables cover whichever
    // entrypoint reads its own. IPC_LOCK lets the entrypoint's setcap for mlock succeed.
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(image))
            .withExposedPorts(VAULT_PORT)
            .withEnv("VAULT_DEV_ROOT_TOKEN_ID", ROOT_TOKEN)
            .withEnv("BAO_DEV_ROOT_TOKEN_ID", ROOT_TOKEN)
            .withCommand(
                "server",
                "-dev",
                "-dev-root-token-id=" + ROOT_TOKEN,
                "-dev-listen-address=0.0.0.0:" + VAULT_PORT)
            .withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withCapAdd(Capability.IPC_LOCK))
            .waitingFor(Wait.forHttp("/v1/sys/health").forPort(VAULT_PORT).forStatusCode(200));
    c.start();
    return new VaultServer(
        image, "http://" + c.getHost() + ":" + c.getMappedPort(VAULT_PORT), ROOT_TOKEN);
  }

  @SuppressWarnings("resource") // lives until the JVM ends; Ryuk removes the container
  private static URI startAws() {
    LocalStackContainer c =
        new LocalStackContainer(DockerImageName.parse(LOCALSTACK))
            .withServices("secretsmanager", "sts", "s3");
    c.start();
    return c.getEndpoint();
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
