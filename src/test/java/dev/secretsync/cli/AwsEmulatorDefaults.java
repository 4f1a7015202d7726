package dev.secretsync.cli;

import dev.secretsync.testkit.AwsEmulator;

/** Names from the emulator used by the AWS tests. */
final class AwsEmulatorDefaults {
  static final String DEFAULT = AwsEmulator.DEFAULT_ACCOUNT;

  private AwsEmulatorDefaults() {}
}
