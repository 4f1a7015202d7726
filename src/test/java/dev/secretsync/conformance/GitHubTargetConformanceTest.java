package dev.secretsync.conformance;

/** The GitHub target passes the shared target conformance suite. */
class GitHubTargetConformanceTest extends TargetConformance {
  @Override
  TargetAdapter adapter() {
    return new GitHubTargetAdapter();
  }
}
