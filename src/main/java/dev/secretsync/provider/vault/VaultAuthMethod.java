package dev.secretsync.provider.vault;

import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a session gets its token: a fixed token (never renewed, never revoked — the user owns it), or
 * a login (AppRole, Kubernetes, JWT/OIDC) whose token the run owns: renewed, re-obtained when it
 * dies, revoked at the end. {@code toString()} never shows credentials.
 */
sealed interface VaultAuthMethod {

  /** e.g. {@code approle (mount "approle")}, {@code token (from VAULT_TOKEN)}. */
  String describe();

  /** Whether this method can obtain a new token (false for a fixed token). */
  default boolean canLogin() {
    return !(this instanceof FixedToken);
  }

  /** A token given by the user: config, {@code VAULT_TOKEN} or {@code ~/.vault-token}. */
  record FixedToken(String token, String origin) implements VaultAuthMethod {
    @Override
    public String describe() {
      return "token (from " + origin + ")";
    }

    /** What the user does about a rejected token, by where it came from. */
    String remedy() {
      return switch (origin) {
        case "VAULT_TOKEN" -> "set VAULT_TOKEN to a valid token (e.g. from `vault login`)";
        case "~/.vault-token" -> "run `vault login` to refresh ~/.vault-token, or set VAULT_TOKEN";
        default -> "put a valid token in " + origin + ".token, or use an auth method that logs in";
      };
    }

    @Override
    public String toString() {
      return "FixedToken[***, from " + origin + "]";
    }
  }

  /** A login at {@code auth/<mount>/login}. */
  sealed interface Login extends VaultAuthMethod {
    /** The auth mount, without slashes. */
    String mount();

    /** The method's name: {@code approle}, {@code kubernetes}, {@code jwt}. */
    String type();

    /** The login request body; reads credential files at call time (they may rotate). */
    Map<String, String> body();

    @Override
    default String describe() {
      return type() + " (mount \"" + mount() + "\")";
    }
  }

  /** AppRole: role_id + secret_id. */
  record AppRole(String mount, String roleId, String secretId) implements Login {
    @Override
    public String type() {
      return "approle";
    }

    @Override
    public Map<String, String> body() {
      return Map.of("role_id", roleId, "secret_id", secretId);
    }

    @Override
    public String toString() {
      return "AppRole[mount=" + mount + ", roleId=" + roleId + ", secretId=***]";
    }
  }

  /** Kubernetes: the pod's service-account JWT from a file. */
  record Kubernetes(String mount, String role, Path tokenFile) implements Login {
    @Override
    public String type() {
      return "kubernetes";
    }

    @Override
    public Map<String, String> body() {
      return Map.of("role", role, "jwt", readJwt(tokenFile, this));
    }
  }

  /**
   * JWT/OIDC (e.g. the GitHub Actions OIDC token): from a file, or from an environment variable.
   *
   * @param jwt the token read from {@code tokenEnv} at resolution time, or null to read the file
   */
  record Jwt(String mount, String role, Path tokenFile, String tokenEnv, String jwt)
      implements Login {
    @Override
    public String type() {
      return "jwt";
    }

    @Override
    public Map<String, String> body() {
      return Map.of("role", role, "jwt", jwt != null ? jwt : readJwt(tokenFile, this));
    }

    @Override
    public String toString() {
      return "Jwt[mount="
          + mount
          + ", role="
          + role
          + ", file="
          + tokenFile
          + ", env="
          + tokenEnv
          + ", jwt=***]";
    }
  }

  private static String readJwt(Path file, Login method) {
    try {
      String jwt = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (jwt.isEmpty()) {
        throw new ProviderException(
            "vault", "login", false, method.describe() + ": token file " + file + " is empty");
      }
      return jwt;
    } catch (IOException e) {
      throw new ProviderException(
          "vault",
          "login",
          false,
          method.describe()
              + ": cannot read token file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }
}
