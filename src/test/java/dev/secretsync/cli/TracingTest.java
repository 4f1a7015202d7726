package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.OtlpReceiver;
import dev.secretsync.testkit.OtlpReceiver.ReceivedSpan;
import dev.secretsync.testkit.SeedFixture;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenTelemetry tracing through the CLI: Vault sources → AWS Secrets Manager targets, spans
 * exported over OTLP/HTTP to an in-test collector ({@link OtlpReceiver}).
 */
class TracingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  VaultCliFixture fx;
  AwsEmulator aws;
  OtlpReceiver otlp;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir).seed(2);
    aws = AwsEmulator.start();
    otlp = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    otlp.close();
    aws.close();
    fx.close();
  }

  private String config(String tracing) {
    return """
        sources:
          analytics: {vault: {mount: analytics}}
          data-engineers: {vault: {mount: data-engineers}}
        aws:
          region: us-east-1
          endpoint: %s
          role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
        targets:
          Staging: {imports: [analytics, data-engineers], account_id: "111111111111"}
          Production: {imports: [Staging], account_id: "222222222222"}
          Demo: {imports: [Production], account_id: "333333333333"}
        """
            .formatted(aws.endpoint())
        + tracing;
  }

  /** Tracing on, every remote call a span. */
  private String tracingOn() {
    return "tracing: {enabled: true, calls: all, endpoint: \"" + otlp.endpoint() + "\"}\n";
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = fx.appRoleEnv();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static List<ReceivedSpan> childrenOf(List<ReceivedSpan> spans, ReceivedSpan parent) {
    return spans.stream().filter(s -> s.parentSpanId().equals(parent.spanId())).toList();
  }

  private static Set<String> names(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::name).collect(Collectors.toSet());
  }

  /** Every span below {@code parent}, at any depth. */
  private static List<ReceivedSpan> below(List<ReceivedSpan> spans, ReceivedSpan parent) {
    List<ReceivedSpan> out = new java.util.ArrayList<>();
    for (ReceivedSpan child : childrenOf(spans, parent)) {
      out.add(child);
      out.addAll(below(spans, child));
    }
    return out;
  }

  @Test
  void aRunIsOneTraceOfRunSourcesTargetsPhasesAndCalls() {
    CliHarness.Result r = fx.pipeline(env(), config(tracingOn()));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<ReceivedSpan> spans = otlp.spans();
    assertThat(spans.stream().map(ReceivedSpan::traceId).distinct()).as("one trace").hasSize(1);
    ReceivedSpan run = named(spans, "secretsync.run").get(0);
    assertThat(named(spans, "secretsync.run")).hasSize(1);
    assertThat(run.parentSpanId()).as("the run is the root").isEmpty();
    assertThat(run.attr("secretsync.run_id")).matches("[0-9a-z-]+");
    assertThat(run.attr("secretsync.changes.added")).isEqualTo("21");
    assertThat(run.attr("secretsync.dry_run")).isEqualTo("false");
    assertThat(run.resource()).containsEntry("service.name", "secretsync");

    List<ReceivedSpan> top = childrenOf(spans, run);
    assertThat(named(top, "source"))
        .extracting(s -> s.attr("secretsync.source"))
        .containsExactlyInAnyOrder("analytics", "data-engineers");
    for (ReceivedSpan source : named(top, "source")) {
      assertThat(source.attr("secretsync.provider")).isEqualTo("vault");
      assertThat(names(below(spans, source))).as("the source's Vault calls").contains("vault.read");
    }
    assertThat(named(spans, "source").get(0).attr("secretsync.keys")).isIn("4");

    List<ReceivedSpan> targets = named(top, "target");
    assertThat(targets)
        .extracting(s -> s.attr("secretsync.target"))
        .containsExactlyInAnyOrder("Staging", "Production", "Demo");
    for (ReceivedSpan target : targets) {
      assertThat(target.attr("secretsync.provider")).isEqualTo("aws_secretsmanager");
      assertThat(target.attr("secretsync.status")).isEqualTo("ok");
      assertThat(target.attr("secretsync.keys")).isEqualTo("7");
      assertThat(target.attr("secretsync.changes.added")).isEqualTo("7");
      List<ReceivedSpan> phases = childrenOf(spans, target);
      assertThat(names(phases)).containsExactlyInAnyOrder("merge", "plan", "apply");
      ReceivedSpan plan = named(phases, "plan").get(0);
      assertThat(plan.attr("secretsync.changes.added")).isEqualTo("7");
      assertThat(names(below(spans, plan))).contains("secretsmanager.ListSecrets");
      ReceivedSpan apply = named(phases, "apply").get(0);
      assertThat(apply.attr("secretsync.writes")).isEqualTo("7");
      List<ReceivedSpan> writes = named(below(spans, apply), "secretsmanager.CreateSecret");
      assertThat(writes).as("one client span per write, below apply").hasSize(7);
      ReceivedSpan call = writes.get(0);
      assertThat(call.kind()).isEqualTo("SPAN_KIND_CLIENT");
      assertThat(call.attr("secretsync.provider")).isEqualTo("aws");
      assertThat(call.attr("secretsync.operation")).isEqualTo("secretsmanager.CreateSecret");
      assertThat(call.attributes())
          .as("retries only when retried")
          .doesNotContainKey("secretsync.retries");
      assertThat(call.attr("secretsync.breaker.state")).isEqualTo("closed");
      assertThat(call.attr("http.response.status_code")).isEqualTo("200");
    }
    ReceivedSpan vaultRead = named(spans, "vault.read").get(0);
    assertThat(vaultRead.attr("secretsync.provider")).isEqualTo("vault");
    assertThat(vaultRead.attr("secretsync.breaker.state")).isEqualTo("closed");

    String exported = new String(otlp.rawBodies(), StandardCharsets.ISO_8859_1);
    for (String value : SeedFixture.secretValues()) {
      assertThat(exported).as("no secret value leaves in a span").doesNotContain(value);
    }
    assertThat(exported).doesNotContain(VaultCliFixture.SECRET_ID);
    assertThat(exported)
        .as("secret paths are not span attributes")
        .doesNotContain("config/database")
        .doesNotContain("credentials/snowflake");
  }

  @Test
  void byDefaultOnlyNotableCallsAreSpansFailedRetriedOrSlow() {
    fx.vault().failNextForPath("/v1/analytics/data/config/api", 1, 500);
    aws.denyAction("arn:aws:iam::333333333333:role/SecretSync", "secretsmanager:CreateSecret");

    CliHarness.Result r =
        fx.pipeline(
            env(), config("tracing: {enabled: true, endpoint: \"" + otlp.endpoint() + "\"}\n"));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    List<ReceivedSpan> spans = otlp.spans();
    List<ReceivedSpan> calls =
        spans.stream().filter(s -> s.kind().equals("SPAN_KIND_CLIENT")).toList();
    assertThat(calls)
        .extracting(ReceivedSpan::name)
        .as("the retried read and the refused write; none of the 40-odd calls that went well")
        .containsExactlyInAnyOrder("vault.read", "secretsmanager.CreateSecret");
    ReceivedSpan retried = named(calls, "vault.read").get(0);
    assertThat(retried.attr("secretsync.retries")).isEqualTo("1");
    assertThat(retried.error()).isFalse();
    assertThat(named(spans, "source")).as("the rest of the tree is all there").hasSize(2);
    assertThat(named(spans, "target")).hasSize(3);
    assertThat(named(spans, "apply")).hasSize(2);
    assertThat(retried.parentSpanId())
        .isIn(named(spans, "source").stream().map(ReceivedSpan::spanId).toList());
  }

  @Test
  void aReadThatFailsForGoodLeavesErrorSpansWhoseMessagesKeepItsPathOut() {
    fx.vault().failNextForPath("/v1/analytics/data/config/api", 10, 500);

    CliHarness.Result r = fx.pipeline(env(), config(tracingOn()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).as("the logs still name the path").contains("config/api");
    ReceivedSpan failed =
        named(otlp.spans(), "vault.read").stream().filter(ReceivedSpan::error).findFirst().get();
    ReceivedSpan target =
        named(otlp.spans(), "target").stream().filter(ReceivedSpan::error).findFirst().get();
    assertThat(target.statusMessage())
        .as("the logs' message, its path replaced")
        .contains("merge failed: source \"analytics\" failed")
        .contains("vault.read at path \"<path>\"")
        .contains("HTTP 500");
    assertThat(failed.statusMessage()).isEqualTo("emulated failure: HTTP 500");
    assertThat(new String(otlp.rawBodies(), StandardCharsets.ISO_8859_1))
        .as("no secret path in any exported byte, failures included")
        .doesNotContain("config/api");
  }

  @Test
  void aTraceparentFromTheCallerMakesTheRunPartOfItsTrace() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parent = "00f067aa0ba902b7";
    CliHarness.Result r =
        fx.pipeline(
            env("TRACEPARENT", "00-" + traceId + "-" + parent + "-01", "TRACESTATE", "ci=gh"),
            config(tracingOn()));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<ReceivedSpan> spans = otlp.spans();
    assertThat(spans).isNotEmpty();
    assertThat(spans).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId));
    assertThat(named(spans, "secretsync.run").get(0).parentSpanId()).isEqualTo(parent);
  }

  @Test
  void applyingASavedPlanIsOneTraceOfTheCheckAndTheApply() {
    Map<String, String> env = env("SECRETSYNC_FINGERPRINT_KEY", "tracing-test-key-0123456789");
    CliHarness.Result plan =
        fx.pipeline(env, config(tracingOn()), "--dry-run", "--plan-file", "plan.json");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    int planSpans = otlp.spans().size();

    CliHarness.Result apply = fx.run(env, "apply", "plan.json", "--config", "secretsync.yaml");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    List<ReceivedSpan> spans = otlp.spans().subList(planSpans, otlp.spans().size());
    assertThat(spans.stream().map(ReceivedSpan::traceId).distinct()).hasSize(1);
    ReceivedSpan root = named(spans, "secretsync.apply").get(0);
    assertThat(root.parentSpanId()).isEmpty();
    assertThat(childrenOf(spans, root))
        .extracting(s -> s.name() + " dry_run=" + s.attr("secretsync.dry_run"))
        .containsExactly("secretsync.run dry_run=true", "secretsync.run dry_run=false");
    assertThat(named(spans, "secretsmanager.CreateSecret")).as("7 per target").hasSize(3 * 7);
  }

  @Test
  void theStandardOtelVariablesTurnTracingOnWithoutATracingBlock() {
    CliHarness.Result r =
        fx.pipeline(
            env(
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_SERVICE_NAME", "nightly-sync",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=ci"),
            config(""));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(otlp.spans()).isNotEmpty();
    assertThat(otlp.spans().get(0).resource())
        .containsEntry("service.name", "nightly-sync")
        .containsEntry("deployment.environment", "ci");
  }

  @Test
  void offByDefaultAndOffWhenTheSamplerSaysSo() {
    CliHarness.Result off =
        fx.pipeline(
            env(),
            config("tracing: {enabled: false, endpoint: \"" + otlp.endpoint() + "\"}\n"),
            "--dry-run");
    assertThat(off.exitCode()).as(off.toString()).isZero();
    assertThat(otlp.exports()).as("tracing is off by default").isZero();

    CliHarness.Result sampledOut =
        fx.pipeline(env("OTEL_TRACES_SAMPLER", "always_off"), config(tracingOn()), "--dry-run");
    assertThat(sampledOut.exitCode()).as(sampledOut.toString()).isZero();
    assertThat(otlp.spans()).as("always_off records nothing").isEmpty();
  }

  @Test
  void failuresAreRecordedOnTheCallAndTargetSpans() {
    aws.denyAction("arn:aws:iam::333333333333:role/SecretSync", "secretsmanager:CreateSecret");

    CliHarness.Result r = fx.pipeline(env(), config(tracingOn()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    List<ReceivedSpan> spans = otlp.spans();
    ReceivedSpan demo =
        named(spans, "target").stream()
            .filter(s -> "Demo".equals(s.attr("secretsync.target")))
            .findFirst()
            .orElseThrow();
    assertThat(demo.error()).isTrue();
    assertThat(demo.statusMessage()).contains("fingerprint key").doesNotContain("\n");
    assertThat(named(below(spans, demo), "secretsmanager.CreateSecret"))
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.error()).isTrue();
              assertThat(call.attr("exception.type")).endsWith("SecretsManagerException");
              assertThat(call.statusMessage()).contains("AccessDeniedException");
            });
    assertThat(named(below(spans, demo), "secretsmanager.GetSecretValue"))
        .as("the first run's missing key is an answer, not an error")
        .singleElement()
        .satisfies(call -> assertThat(call.error()).isFalse());
    ReceivedSpan run = named(spans, "secretsync.run").get(0);
    assertThat(run.error()).isTrue();
    assertThat(run.statusMessage()).isEqualTo("1 target(s) not ok");
    assertThat(
            named(spans, "target").stream()
                .filter(s -> "Staging".equals(s.attr("secretsync.target"))))
        .allSatisfy(s -> assertThat(s.error()).isFalse());
  }

  @Test
  void jsonLogLinesCarryTheTraceAndSpanIdsOfTheirSpans() throws Exception {
    CliHarness.Result r = fx.pipeline(env(), config(tracingOn()), "--log-format", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Set<String> spanIds =
        otlp.spans().stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    String traceId = otlp.spans().get(0).traceId();
    List<Map<?, ?>> lines =
        r.stderr()
            .lines()
            .filter(l -> l.startsWith("{"))
            .map(TracingTest::parse)
            .filter(m -> m.get("request_id") != null)
            // The token is revoked when the process cleans up, after the run (and its trace) ended.
            .filter(m -> !m.get("msg").toString().contains("revoke-self"))
            .toList();
    assertThat(lines).as("request log lines (-v)").isNotEmpty();
    for (Map<?, ?> line : lines) {
      assertThat(line.get("trace_id")).as(line.toString()).isEqualTo(traceId);
      assertThat(spanIds).as(line.toString()).contains((String) line.get("span_id"));
    }
  }

  @Test
  void aCollectorThatIsDownOrFailingCostsOneWarningNotTheRun() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CliHarness.Result down =
        fx.pipeline(
            env(),
            config(
                "tracing: {enabled: true, endpoint: \"http://127.0.0.1:" + closedPort + "\"}\n"));
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.stderr())
        .contains("warning: tracing: spans could not be exported to 127.0.0.1:" + closedPort)
        .contains("the run itself is unaffected");
    assertThat(down.stderr().lines().filter(l -> l.contains("tracing:")).count()).isEqualTo(1);
    assertThat(down.stderr()).doesNotContain("io.opentelemetry");

    otlp.failWith(400); // rejected: not retried
    CliHarness.Result failing = fx.pipeline(env(), config(tracingOn()), "--dry-run");
    assertThat(failing.exitCode()).as(failing.toString()).isZero();
    assertThat(otlp.exports()).isPositive();
    assertThat(failing.stderr())
        .contains("warning: tracing: spans could not be exported to 127.0.0.1:");
  }

  @Test
  void anUnsupportedProtocolOrABadOtelValueIsOneWarningAndAnUntracedRun() {
    CliHarness.Result grpc =
        fx.pipeline(env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), config(tracingOn()), "--dry-run");
    assertThat(grpc.exitCode()).as(grpc.toString()).isZero();
    assertThat(grpc.stderr())
        .contains(
            "warning: tracing: OTLP protocol \"grpc\" is not supported, so this run is not traced;"
                + " unset OTEL_EXPORTER_OTLP_PROTOCOL or set it to http/protobuf");

    CliHarness.Result sampler =
        fx.pipeline(env("OTEL_TRACES_SAMPLER", "sometimes"), config(tracingOn()), "--dry-run");
    assertThat(sampler.exitCode()).as(sampler.toString()).isZero();
    assertThat(sampler.stderr())
        .contains("warning: tracing: ")
        .contains("sometimes")
        .contains("this run is not traced");
    assertThat(otlp.exports()).isZero();
  }

  private static Map<?, ?> parse(String line) {
    try {
      return JSON.readValue(line, Map.class);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
