package dev.secretsync.cli;

import dev.secretsync.agent.Agent;
import dev.secretsync.config.AgentConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.engine.RunIds;
import dev.secretsync.spi.RunContext;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
      "Stops on SIGTERM/SIGINT: no new renders, running ones finish within"
          + " agent.shutdown_timeout, the Vault token is revoked, exit 0.",
      "Exit codes: 0 stopped, 1 failed to start (bad config, port in use), 2 usage error."
    })
final class AgentCommand implements Callable<Integer> {
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

  @Mixin ObservabilityOptions observability;

  AgentCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      return ExitCodes.FAILURE;
    }
    LogSetup.configure(
        options.verbose ? "debug" : config.logging().level(),
        observability.logFormat != null ? observability.logFormat : config.logging().format(),
        ctx.err());
    AgentConfig a = overrides(config.agent());
    if (a.secrets().isEmpty()) {
      ctx.err().println("error: no jobs: add agent.secrets to the config (see docs/agent.md)");
      return ExitCodes.FAILURE;
    }
    CountDownLatch stop = new CountDownLatch(1);
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
    try (RunServices services = RunServices.start(config, observability, ctx);
        BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics());
        Signals signals = Signals.onStop(stop::countDown)) {
      Agent agent = Agent.start(config, a, registry, run, services.metrics(), Clock.systemUTC());
      try {
        stop.await();
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

  private AgentConfig overrides(AgentConfig a) {
    AgentConfig.Health h =
        new AgentConfig.Health(
            Optional.ofNullable(healthAddress).orElse(a.health().address()),
            Optional.ofNullable(healthPort).orElse(a.health().port()));
    return new AgentConfig(
        a.secrets(),
        h,
        Optional.ofNullable(statusFile).map(f -> ctx.resolve(f).toString()).orElse(a.statusFile()),
        a.watchConfig(),
        a.shutdownTimeout());
  }
}
