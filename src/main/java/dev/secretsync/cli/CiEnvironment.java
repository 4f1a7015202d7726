package dev.secretsync.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises a CI run from the variables well-known CI systems set, so switches that print
 * plaintext ({@code --show-values}) can be refused where output lands in a shared build log.
 *
 * <p>Flags ({@code CI}, {@code GITHUB_ACTIONS}, {@code GITLAB_CI}, {@code BUILDKITE}, {@code
 * CIRCLECI}, {@code TRAVIS}, {@code TF_BUILD} (Azure Pipelines), {@code DRONE}) count when set to
 * anything but empty, {@code false} or {@code 0} — people turn CI behaviour off with {@code
 * CI=false}. Markers that carry a value instead of a flag ({@code JENKINS_URL}, {@code
 * TEAMCITY_VERSION}, {@code CODEBUILD_BUILD_ID}, {@code BITBUCKET_BUILD_NUMBER}) count when
 * non-empty. docs/security.md lists the same variables.
 */
final class CiEnvironment {
  static final List<String> FLAGS =
      List.of(
          "CI",
          "GITHUB_ACTIONS",
          "GITLAB_CI",
          "BUILDKITE",
          "CIRCLECI",
          "TRAVIS",
          "TF_BUILD",
          "DRONE");
  static final List<String> MARKERS =
      List.of("JENKINS_URL", "TEAMCITY_VERSION", "CODEBUILD_BUILD_ID", "BITBUCKET_BUILD_NUMBER");

  private CiEnvironment() {}

  /**
   * The first variable that marks {@code env} as a CI run, as it is shown to the user ({@code
   * GITHUB_ACTIONS=true}, or {@code JENKINS_URL is set} — a marker's value is not echoed), or
   * empty.
   */
  static Optional<String> detect(Map<String, String> env) {
    for (String flag : FLAGS) {
      String value = env.getOrDefault(flag, "").trim();
      String lower = value.toLowerCase(Locale.ROOT);
      if (!value.isEmpty() && !lower.equals("false") && !lower.equals("0")) {
        return Optional.of(flag + "=" + value);
      }
    }
    for (String marker : MARKERS) {
      if (!env.getOrDefault(marker, "").isBlank()) {
        return Optional.of(marker + " is set");
      }
    }
    return Optional.empty();
  }
}
