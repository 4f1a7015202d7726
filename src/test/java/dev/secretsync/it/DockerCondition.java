package dev.secretsync.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Enables {@link RealServices} tests where Docker answers; elsewhere disables them, unless {@value
 * #REQUIRE} is {@code true}. Testcontainers' probe looks at {@code DOCKER_HOST}, the Testcontainers
 * properties and the default socket, and answers at once when there is none.
 */
final class DockerCondition implements ExecutionCondition {
  /** The environment variable that turns "no Docker" from a skip into a failure. */
  static final String REQUIRE = "SECRETSYNC_IT_REQUIRE_DOCKER";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return evaluate(
        "true".equalsIgnoreCase(System.getenv(REQUIRE)),
        DockerClientFactory.instance().isDockerAvailable());
  }

  static ConditionEvaluationResult evaluate(boolean required, boolean dockerAvailable) {
    if (dockerAvailable) {
      return ConditionEvaluationResult.enabled("Docker is available");
    }
    if (required) {
      // Run anyway: starting the first container then fails with Testcontainers' own explanation.
      return ConditionEvaluationResult.enabled("no Docker engine, but " + REQUIRE + "=true");
    }
    return ConditionEvaluationResult.disabled(
        "no Docker engine: real-service test skipped (" + REQUIRE + "=true makes this a failure)");
  }
}
