package dev.secretsync.config;

import dev.secretsync.template.Template;
import java.time.Duration;
import java.util.List;

/**
 * {@code agent}: the sidecar mode ({@code secretsync agent}). See {@code docs/agent.md}.
 *
 * @param secrets the jobs, in file order
 * @param health where {@code /health}, {@code /ready} and {@code /metrics} are served
 * @param statusFile where the agent keeps its status JSON for {@code secretsync isready}
 * @param watchConfig whether a changed config file is re-read and applied without a restart (SIGHUP
 *     reloads either way)
 * @param shutdownTimeout how long in-flight renders may take after SIGTERM/SIGINT
 */
public record AgentConfig(
    List<Secret> secrets,
    Health health,
    String statusFile,
    boolean watchConfig,
    Duration shutdownTimeout) {

  /** The default status file. */
  public static final String DEFAULT_STATUS_FILE = "/run/secretsync/status.json";

  /** No agent block. */
  public static final AgentConfig NONE =
      new AgentConfig(List.of(), Health.DEFAULT, DEFAULT_STATUS_FILE, true, Duration.ofSeconds(10));

  /** Copies the list. */
  public AgentConfig {
    secrets = List.copyOf(secrets);
  }

  /**
   * {@code agent.health}.
   *
   * @param address bind address
   * @param port port; 0 picks a free one (reported in the log and the status file)
   */
  public record Health(String address, int port) {
    /** 127.0.0.1:8080. */
    public static final Health DEFAULT = new Health("127.0.0.1", 8080);
  }

  /**
   * One job ({@code agent.secrets[i]}): read one secret, render it, keep a file fresh.
   *
   * @param name the job's name (unique; the {@code secret} label of its metrics)
   * @param vault which Vault secret to read, or {@code null} when {@code source} is set
   * @param source the configured source ({@code sources.<name>}) to read {@code key} from, or empty
   *     when {@code vault} is set
   * @param key the key within {@code source} ({@code app/db}), or empty
   * @param refresh how often to re-read it (jittered ±10 %); zero = never after the first success
   * @param destination the file to write, relative to the config file's directory
   * @param template the parsed template (from {@code template} or {@code template_file})
   * @param templateFile the template file as configured, or empty when the template is inline
   * @param mode the file mode, octal ({@code 0400})
   * @param owner the file's owner, a user name or uid, or empty to leave it as created
   * @param group the file's group, a group name or gid, or empty to leave it as created
   * @param required whether {@code /ready} waits for this job's first render
   */
  public record Secret(
      String name,
      Vault vault,
      String source,
      String key,
      Duration refresh,
      String destination,
      Template template,
      String templateFile,
      String mode,
      String owner,
      String group,
      boolean required) {

    /**
     * What the job reads, for messages: {@code secret/app/db} or {@code source base, key app/db}.
     */
    public String what() {
      if (vault != null) {
        return vault.mountName()
            + "/"
            + vault.key()
            + (vault.version() > 0 ? " (version " + vault.version() + ")" : "");
      }
      return "source " + source + ", key " + key;
    }
  }

  /**
   * {@code agent.secrets[i].vault}: a KV v1/v2 secret.
   *
   * @param path {@code <mount>/<key>} (the first segment is the mount unless {@code mount} is set)
   * @param mount the mount when it has several segments, else empty
   * @param kvVersion {@code auto}, {@code 1} or {@code 2}
   * @param version a pinned KV v2 version ({@code ?version=N}), or 0 for the latest
   */
  public record Vault(String path, String mount, String kvVersion, int version) {

    /** The mount: {@code mount} when set, else the first segment of {@code path}. */
    public String mountName() {
      if (!mount.isEmpty()) {
        return mount.replaceAll("^/+|/+$", "");
      }
      int slash = path.indexOf('/');
      return slash < 0 ? path : path.substring(0, slash);
    }

    /** The key within {@link #mountName()}. */
    public String key() {
      if (!mount.isEmpty()) {
        return path.replaceAll("^/+", "");
      }
      int slash = path.indexOf('/');
      return slash < 0 ? "" : path.substring(slash + 1);
    }
  }
}
