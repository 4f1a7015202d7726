package dev.secretsync.conformance;

/** The GitHub target at environment scope passes the shared target conformance suite. */
class GitHubEnvironmentConformanceTest extends TargetConformance {
  @Override
  TargetAdapter adapter() {
    return GitHubTargetAdapter.environmentScope();
  }
}
