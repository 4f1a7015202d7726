package dev.secretsync.conformance;

/** The AWS Secrets Manager target passes the shared target conformance suite. */
class AwsSecretsManagerConformanceTest extends TargetConformance {
  @Override
  TargetAdapter adapter() {
    return new AwsSecretsManagerAdapter();
  }
}
