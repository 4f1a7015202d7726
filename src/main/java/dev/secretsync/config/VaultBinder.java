package dev.secretsync.config;

import java.util.Objects;
import java.util.stream.Stream;

/** Binds {@code vault:}: address, namespace, one auth method, TLS and the listing limits. */
final class VaultBinder {
  private VaultBinder() {}

  static VaultConfig bind(YamlObject o) {
    VaultConfig d = VaultConfig.defaults();
    if (o == null) {
      return d;
    }
    VaultConfig.Auth auth = VaultConfig.Auth.NONE;
    YamlObject a = o.object("auth");
    if (a != null) {
      auth = auth(a);
    }
    VaultConfig.Tls tls = d.tls();
    YamlObject t = o.object("tls");
    if (t != null) {
      tls = new VaultConfig.Tls(t.string("ca_cert", ""), t.bool("skip_verify", false));
      t.finish();
    }
    VaultConfig v =
        new VaultConfig(
            o.string("address", ""),
            o.string("namespace", ""),
            auth,
            tls,
            o.integer("max_secrets_per_mount", d.maxSecretsPerMount()),
            o.integer("max_traversal_depth", d.maxTraversalDepth()),
            o.integer("queue_compaction_threshold", d.queueCompactionThreshold()));
    o.finish();
    return v;
  }

  private static VaultConfig.Auth auth(YamlObject a) {
    VaultConfig.Token token = null;
    VaultConfig.AppRole approle = null;
    VaultConfig.Kubernetes k8s = null;
    VaultConfig.Jwt jwt = null;
    YamlObject o;
    if ((o = a.object("token")) != null) {
      token = new VaultConfig.Token(o.string("token", ""));
      o.finish();
    }
    if ((o = a.object("approle")) != null) {
      approle =
          new VaultConfig.AppRole(
              o.string("mount", "approle"), o.string("role_id", ""), o.string("secret_id", ""));
      o.finish();
    }
    if ((o = a.object("kubernetes")) != null) {
      k8s =
          new VaultConfig.Kubernetes(
              o.string("role", ""),
              o.string("mount", "kubernetes"),
              o.string("token_file", "/var/run/secrets/kubernetes.io/serviceaccount/token"));
      o.finish();
    }
    if ((o = a.object("jwt")) != null) {
      jwt =
          new VaultConfig.Jwt(
              o.string("role", ""),
              o.string("mount", "jwt"),
              o.string("token_file", ""),
              o.string("token_env", ""));
      o.finish();
    }
    a.finish();
    long methods = Stream.of(token, approle, k8s, jwt).filter(Objects::nonNull).count();
    if (methods > 1) {
      a.problem(
          null, "choose one auth method (token, approle, kubernetes or jwt), found " + methods);
    }
    return new VaultConfig.Auth(token, approle, k8s, jwt);
  }
}
