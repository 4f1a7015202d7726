package dev.secretsync.cli;

import dev.secretsync.report.AuditLines;
import java.util.Map;

/**
 * Who runs secretsync, for the audit log: {@code SECRETSYNC_ACTOR}, else the GitHub Actions actor
 * ({@code GITHUB_ACTOR}, with {@code GITHUB_RUN_ID}), else the Kubernetes pod ({@code HOSTNAME}
 * where {@code KUBERNETES_SERVICE_HOST} is set), else the operating-system user.
 */
final class AuditActor {
  private AuditActor() {}

  static AuditLines.Actor of(Map<String, String> env) {
    String ciRun = value(env, "GITHUB_RUN_ID");
    String explicit = value(env, "SECRETSYNC_ACTOR");
    if (!explicit.isEmpty()) {
      return new AuditLines.Actor(explicit, "SECRETSYNC_ACTOR", ciRun);
    }
    String github = value(env, "GITHUB_ACTOR");
    if (!github.isEmpty()) {
      return new AuditLines.Actor(github, "GITHUB_ACTOR", ciRun);
    }
    String pod = value(env, "HOSTNAME");
    if (!value(env, "KUBERNETES_SERVICE_HOST").isEmpty() && !pod.isEmpty()) {
      return new AuditLines.Actor(pod, "kubernetes pod", ciRun);
    }
    String user = value(env, "USER");
    if (user.isEmpty()) {
      user = System.getProperty("user.name", "");
    }
    return new AuditLines.Actor(user.isEmpty() ? "unknown" : user, "os user", ciRun);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null ? "" : v.trim();
  }
}
