package dev.secretsync.conformance;

/** The GitHub target at organisation scope passes the shared target conformance suite. */
class GitHubOrgConformanceTest extends TargetConformance {
  @Override
  TargetAdapter adapter() {
    return GitHubTargetAdapter.orgScope();
  }
}
