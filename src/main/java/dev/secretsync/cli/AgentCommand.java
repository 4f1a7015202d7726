package dev.secretsync.cli;

import dev.secretsync.agent.Agent;
import dev.secretsync.config.AgentConfig;
import dev.secretsync.config.ConfigException;
import dev.secretsync.config.ConfigLoader;
import dev.secretsync.config.Durations;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.engine.RunIds;
import dev.secretsync.spi.RunContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code secretsync agent}: the sidecar. Runs until SIGTERM/SIGINT (or until its thread is
 * interrupted, which is how in-process tests stop it), then stops gracefully and exits 0.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run as a sidecar: read each secret of agent.secrets from Vault/OpenBao, render it through"
          + " its template into a file, and keep the file fresh on the job's own schedule. Files"
          + " are written atomically and only when their content changes. Serves /health, /ready"
          + " and /metrics, and keeps a status file for 'secretsync isready'.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync agent --config agent.yaml",
      "  secretsync agent -c agent.yaml --health-port 9090 --status-file /tmp/status.json",
      "",
      "Reloads the config when the file changes (agent.watch_config, default true) or on SIGHUP;"
          + " an invalid change keeps the running jobs.",
      "Stops on SIGTERM/SIGINT: no new renders, running ones finish within"
          + " agent.shutdown_timeout, the Vault token is revoked, exit 0.",
      "Exit codes: 0 stopped, 1 failed to start (bad config, port in use), 2 usage error."
    })
final class AgentCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);
  private final CliContext ctx;

  @Mixin ConfigOptions options;

  @Option(
      names = "--health-address",
      paramLabel = "ADDR",
      description = "Bind address of /health, /ready, /metrics (default: agent.health.address).")
  String healthAddress;

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      description = "Port of /health, /ready, /metrics; 0 picks one (default: agent.health.port).")
  Integer healthPort;

  @Option(
      names = "--status-file",
      paramLabel = "FILE",
      description = "Status file for 'secretsync isready' (default: agent.status_file).")
  String statusFile;

  @Option(
      names = "--watch-config",
      negatable = true,
      description =
          "Re-read the config file when it changes and apply it without a restart (default:"
              + " agent.watch_config, true).")
  Boolean watchConfig;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      description =
          "On SIGTERM/SIGINT, how long running renders may take, e.g. 10s (default:"
              + " agent.shutdown_timeout, 10s).")
  String shutdownTimeout;

  @Mixin ObservabilityOptions observability;

  AgentCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String usage = usageProblem();
    if (usage != null) {
      ctx.err().println("error: " + usage);
      return ExitCodes.USAGE;
    }
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      return ExitCodes.FAILURE;
    }
    LogSetup.configure(
        options.level(config.logging().level()),
        observability.logFormat != null ? observability.logFormat : config.logging().format(),
        ctx.err());
    AgentConfig a = overrides(config.agent());
    if (a.secrets().isEmpty()) {
      ctx.err().println("error: no jobs: add agent.secrets to the config (see docs/agent.md)");
      return ExitCodes.FAILURE;
    }
    CountDownLatch stop = new CountDownLatch(1);
    AtomicBoolean hangup = new AtomicBoolean();
    ExecutorService io = Executors.newSingleThreadExecutor();
    RunContext run =
        new RunContext(
            RunIds.next(),
            config.baseDir(),
            ctx.env(),
            config.pipeline().parallelism(),
            io,
            false,
            w -> ctx.err().println("warning: " + w),
            config.fingerprintKey());
    try (RunServices services = RunServices.forAgent(config, observability, ctx);
        BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics());
        Signals signals = Signals.install(stop::countDown, () -> hangup.set(true))) {
      Agent agent = Agent.start(config, a, registry, run, services.metrics(), Clock.systemUTC());
      Reloader reloader = new Reloader(agent, ctx.resolve(options.config));
      try {
        while (!stop.await(1, TimeUnit.SECONDS)) {
          if (hangup.getAndSet(false) || (a.watchConfig() && reloader.changed())) {
            reloader.reload();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean wasInterrupted = Thread.interrupted(); // let the graceful stop wait its timeout
      agent.stop(a.shutdownTimeout());
      if (wasInterrupted) {
        Thread.currentThread().interrupt();
      }
    } catch (IllegalStateException e) {
      ctx.err().println("error: " + e.getMessage());
      return ExitCodes.FAILURE;
    } finally {
      io.shutdownNow();
    }
    return ExitCodes.OK;
  }

  /** Re-reads the config; an invalid one keeps the running jobs and is logged once. */
  private final class Reloader {
    private final Agent agent;
    private final Path file;
    private final ConfigWatch watch;
    private String lastError;

    Reloader(Agent agent, Path file) {
      this.agent = agent;
      this.file = file;
      this.watch = new ConfigWatch(file);
    }

    boolean changed() {
      return watch.changed();
    }

    void reload() {
      SecretSyncConfig next;
      try {
        next = new ConfigLoader(ctx.env(), BuiltInProviders.SUPPORTED).load(file, options.config);
      } catch (ConfigException e) {
        if (!e.getMessage().equals(lastError)) {
          LOG.error(
              "agent: the changed config is invalid; keeping the current jobs: {}", e.getMessage());
          lastError = e.getMessage();
        }
        return;
      }
      lastError = null;
      try {
        LOG.info("agent: config reloaded: {}", agent.reload(next, overrides(next.agent())));
      } catch (RuntimeException e) {
        LOG.error(
            "agent: applying the changed config failed; keeping the current jobs: {}",
            e.getMessage());
      }
    }
  }

  /** A flag (or its {@code SECRETSYNC_*} variable) no agent can use, as one line; else null. */
  private String usageProblem() {
    if (healthPort != null && (healthPort < 0 || healthPort > 65_535)) {
      return "--health-port (or SECRETSYNC_HEALTH_PORT): "
          + healthPort
          + " is out of range; use 0 to 65535 (0 picks a free port)";
    }
    if (shutdownTimeout != null) {
      try {
        if (Durations.parse(shutdownTimeout).isZero()) {
          return "--shutdown-timeout (or SECRETSYNC_SHUTDOWN_TIMEOUT): must be positive, e.g. 10s";
        }
      } catch (IllegalArgumentException e) {
        return "--shutdown-timeout (or SECRETSYNC_SHUTDOWN_TIMEOUT): " + e.getMessage();
      }
    }
    return null;
  }

  private AgentConfig overrides(AgentConfig a) {
    AgentConfig.Health h =
        new AgentConfig.Health(
            Optional.ofNullable(healthAddress).orElse(a.health().address()),
            Optional.ofNullable(healthPort).orElse(a.health().port()));
    return new AgentConfig(
        a.secrets(),
        h,
        Optional.ofNullable(statusFile).map(f -> ctx.resolve(f).toString()).orElse(a.statusFile()),
        Optional.ofNullable(watchConfig).orElse(a.watchConfig()),
        Optional.ofNullable(shutdownTimeout).map(Durations::parse).orElse(a.shutdownTimeout()));
  }
}
