package dev.secretsync.agent;

import dev.secretsync.config.AgentConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.core.SecretKey;
import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.ProbeServer;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar loop: every job on its own jittered schedule on a small shared scheduler, the health
 * server, and the status file. Vault is reached only through the {@link ProviderRegistry}
 * (DESIGN.md §6): each job is a one-key source of the registry, so the agent shares the batch run's
 * Vault session (one login for the process lifetime, renewed, re-login when revoked), HTTP client,
 * circuit breaker and metrics, and closing the registry revokes the token.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(10);

  private final ProviderRegistry registry;
  private final RunContext ctx;
  private volatile List<Job> jobs;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Path statusFile;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  private final AtomicBoolean wasReady = new AtomicBoolean(false);
  private volatile Instant lastStatusWrite = Instant.EPOCH;
  private ProbeServer health;
  private String healthAddress = "";

  private Agent(
      List<Job> jobs,
      ProviderRegistry registry,
      RunContext ctx,
      Clock clock,
      AgentMetrics metrics,
      Path statusFile) {
    this.jobs = List.copyOf(jobs);
    this.registry = registry;
    this.ctx = ctx;
    this.clock = clock;
    this.metrics = metrics;
    this.statusFile = statusFile;
    this.scheduler =
        // Threads are created on demand up to this bound, so a reload that adds jobs needs no
        // resize.
        new ScheduledThreadPoolExecutor(
            Math.max(1, ctx.parallelism()),
            r -> {
              Thread t = new Thread(r, "secretsync-agent");
              t.setDaemon(true);
              return t;
            });
    // On stop, queued refreshes are dropped; only renders already running may finish.
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /**
   * Starts serving health, then schedules every job of {@code a} (the config's {@code agent} block
   * with command-line overrides applied). Returns at once: jobs that fail keep retrying in the
   * background.
   *
   * @throws IllegalStateException when the health port cannot be bound
   */
  public static Agent start(
      SecretSyncConfig config,
      AgentConfig a,
      ProviderRegistry registry,
      RunContext ctx,
      Metrics metrics,
      Clock clock) {
    AgentMetrics agentMetrics = new AgentMetrics(metrics);
    List<Job> jobs = new ArrayList<>();
    for (AgentConfig.Secret s : a.secrets()) {
      jobs.add(job(s, config, registry, ctx));
      agentMetrics.register(s.name());
    }
    Agent agent =
        new Agent(jobs, registry, ctx, clock, agentMetrics, config.resolve(a.statusFile()));
    agent.health =
        HealthServer.start(
            a.health().address(),
            a.health().port(),
            agent.running::get,
            agent::ready,
            agent::statusJson,
            metrics);
    agent.healthAddress = a.health().address() + ":" + agent.health.port();
    LOG.info(
        "agent: serving /health, /ready and /metrics on {}; {} jobs",
        agent.healthAddress,
        jobs.size());
    agent.schedule();
    return agent;
  }

  private static Job job(
      AgentConfig.Secret s, SecretSyncConfig config, ProviderRegistry registry, RunContext ctx) {
    AtomicReference<String> skipped = new AtomicReference<>();
    // The source reports an unreadable secret (deleted, denied) as a warning; it is this job's
    // failure reason.
    RunContext jobCtx =
        new RunContext(
            ctx.runId(),
            ctx.baseDir(),
            ctx.env(),
            1,
            ctx.ioExecutor(),
            false,
            skipped::set,
            ctx.configuredKey());
    AgentConfig.Vault v = s.vault();
    if (v == null) {
      // A configured source: the job reads its one key through it (its own mount, address,
      // namespace or directory), on the same shared session and breaker.
      SourceConfig configured = config.sources().get(s.source());
      SecretSource src = registry.source(configured, config, jobCtx);
      return new Job(
          s, config.resolve(s.destination()), src, SecretKey.of(s.key()), configured, skipped);
    }
    SourceConfig source =
        new SourceConfig(
            s.name(),
            new SourceConfig.Vault(v.mountName(), List.of(), v.kvVersion(), "", ""),
            null);
    SecretSource src = registry.source(source, config, jobCtx);
    return new Job(s, config.resolve(s.destination()), src, SecretKey.of(v.key()), source, skipped);
  }

  private void schedule() {
    for (Job job : jobs) {
      job.scheduled(clock.instant());
      scheduler.execute(() -> run(job));
    }
    scheduler.scheduleWithFixedDelay(this::heartbeat, 0, 1, TimeUnit.SECONDS);
  }

  /**
   * Applies a reloaded config: new jobs start at once, removed ones stop, changed ones are replaced
   * (and run at once), unchanged ones keep their schedule. Health, status file and shutdown
   * settings apply at the next restart.
   *
   * @return a one-line summary for the log
   */
  public synchronized String reload(SecretSyncConfig config, AgentConfig a) {
    Map<String, Job> old = new HashMap<>();
    jobs.forEach(j -> old.put(j.name(), j));
    List<Job> next = new ArrayList<>();
    List<Job> started = new ArrayList<>();
    int kept = 0;
    int changed = 0;
    for (AgentConfig.Secret s : a.secrets()) {
      Job current = old.remove(s.name());
      if (current != null
          && JobDiff.same(current.config(), s)
          && (s.vault() != null || current.origin().equals(config.sources().get(s.source())))) {
        next.add(current);
        kept++;
        continue;
      }
      if (current != null) {
        current.cancel();
        changed++;
      }
      Job job = job(s, config, registry, ctx);
      metrics.register(s.name());
      next.add(job);
      started.add(job);
    }
    old.values().forEach(Job::cancel);
    jobs = List.copyOf(next);
    for (Job job : started) {
      job.scheduled(clock.instant());
      scheduler.execute(() -> run(job));
    }
    dirty.set(true);
    wasReady.set(ready());
    return (started.size() - changed)
        + " added, "
        + changed
        + " changed, "
        + old.size()
        + " removed, "
        + kept
        + " unchanged";
  }

  private void run(Job job) {
    if (!running.get() || job.cancelled()) {
      return;
    }
    long start = System.nanoTime();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Duration refresh = job.config().refresh();
    try {
      boolean first = !job.status().rendered();
      boolean written = job.runOnce();
      metrics.fetched(job.name(), System.nanoTime() - start, true, written, clock);
      Duration next = Schedules.afterSuccess(refresh, first, random);
      Instant now = clock.instant();
      job.succeeded(now, next == null ? null : now.plus(next));
      if (written) {
        LOG.info("agent: job {} rendered {}", job.name(), job.config().destination());
      } else {
        LOG.debug("agent: job {} unchanged", job.name());
      }
      reschedule(job, next);
    } catch (Job.JobFailure e) {
      metrics.fetched(job.name(), System.nanoTime() - start, false, false, clock);
      Duration next = Schedules.afterFailure(job.failures() + 1, refresh, random);
      int failures = job.failed(e.getMessage(), clock.instant().plus(next));
      LOG.warn(
          "agent: job {} failed (attempt {}, retrying in {}ms): {}",
          job.name(),
          failures,
          next.toMillis(),
          e.getMessage());
      reschedule(job, next);
    } catch (RuntimeException e) {
      // A bug must not end the job's schedule silently: report it and retry like a failure.
      Duration next = Schedules.afterFailure(job.failures() + 1, refresh, random);
      job.failed("internal error: " + e.getClass().getSimpleName(), clock.instant().plus(next));
      LOG.error("agent: job {} failed unexpectedly", job.name(), e);
      reschedule(job, next);
    }
    dirty.set(true);
    if (ready() && !wasReady.getAndSet(true)) {
      LOG.info("agent: ready (every required job has rendered)");
      heartbeat();
    }
  }

  private void reschedule(Job job, Duration next) {
    if (next != null && running.get() && !job.cancelled()) {
      try {
        scheduler.schedule(() -> run(job), next.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // Stopping: the job is not run again.
      }
    }
  }

  /** Ready when every required job has rendered at least once. */
  public boolean ready() {
    for (Job j : jobs) {
      if (j.blocksReadiness()) {
        return false;
      }
    }
    return true;
  }

  /** The bound health port. */
  public int healthPort() {
    return health.port();
  }

  /** The status document ({@code /ready} body and status file). */
  public String statusJson() {
    List<JobStatus> statuses = new ArrayList<>(jobs.size());
    jobs.forEach(j -> statuses.add(j.status()));
    return StatusJson.render(running.get() && ready(), healthAddress, clock.instant(), statuses);
  }

  /** Rewrites the status file when something changed, and every {@link #HEARTBEAT} regardless. */
  private synchronized void heartbeat() {
    Instant now = clock.instant();
    if (!dirty.getAndSet(false) && now.isBefore(lastStatusWrite.plus(HEARTBEAT))) {
      return;
    }
    writeStatus(now);
  }

  private synchronized void writeStatus(Instant now) {
    try {
      StatusJson.write(statusFile, statusJson());
      lastStatusWrite = now;
    } catch (IOException e) {
      LOG.warn("agent: cannot write the status file {}: {}", statusFile, e.getMessage());
    }
  }

  /**
   * Stops scheduling, lets running renders finish within {@code timeout}, marks the status file not
   * ready and stops the health server.
   *
   * @return true when every running render finished in time
   */
  public boolean stop(Duration timeout) {
    if (!running.getAndSet(false)) {
      return true;
    }
    scheduler.shutdown();
    boolean finished;
    try {
      finished = scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      LOG.warn("agent: renders still running after {}ms; stopping them", timeout.toMillis());
      scheduler.shutdownNow();
    }
    writeStatus(clock.instant());
    health.close();
    jobs.forEach(Job::close);
    LOG.info("agent: stopped");
    return finished;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
