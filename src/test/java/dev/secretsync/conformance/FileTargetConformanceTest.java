package dev.secretsync.conformance;

/** The file target passes the shared target conformance suite. */
class FileTargetConformanceTest extends TargetConformance {
  @Override
  TargetAdapter adapter() {
    return new FileTargetAdapter();
  }
}
