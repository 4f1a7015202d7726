package dev.secretsync.config;

/**
 * AWS settings shared by AWS targets ({@code aws:}).
 *
 * @param region default region; {@code AWS_REGION} is used when this is empty
 * @param endpoint endpoint override for every AWS client (emulators), or empty; {@code
 *     AWS_ENDPOINT_URL} is honoured too
 * @param rolePattern role ARN with {@code {{account_id}}}, or empty
 * @param controlTower Control Tower execution-role settings
 */
public record AwsConfig(
    String region, String endpoint, String rolePattern, ControlTower controlTower) {

  /** Defaults: everything from the environment. */
  public static AwsConfig defaults() {
    return new AwsConfig("", "", "", ControlTower.DISABLED);
  }

  /**
   * {@code aws.control_tower}.
   *
   * @param enabled use the Control Tower execution role when no other role is given
   * @param roleName execution role name, default {@code AWSControlTowerExecution}
   * @param rolePath execution role path, default {@code /}
   */
  public record ControlTower(boolean enabled, String roleName, String rolePath) {
    /** Disabled, with the default role name and path. */
    public static final ControlTower DISABLED =
        new ControlTower(false, "AWSControlTowerExecution", "/");
  }
}
