package dev.secretsync.provider.awssm;

import dev.secretsync.config.AwsTagRules;
import dev.secretsync.config.TargetConfig;
import java.util.Map;
import java.util.regex.Pattern;

/** Naming, size and tagging rules of Secrets Manager, checked before any call. */
final class AwsNames {
  /** Secrets Manager's allowed name characters and length. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

  /** The service's limit on a secret value. */
  static final int MAX_VALUE_BYTES = 65_536;

  private AwsNames() {}

  static String problemWithName(String name) {
    if (!NAME.matcher(name).matches()) {
      return "secret name \""
          + name
          + "\" is not valid in Secrets Manager: use 1–512 of A-Z a-z 0-9 / _ + = . @ -";
    }
    return null;
  }

  /** Ownership tags, the user's {@code tags:} and the markers of what we manage. */
  static Map<String, String> desiredTags(TargetConfig t) {
    return AwsTagRules.desired(t);
  }

  static String description(TargetConfig t) {
    return "Managed by SecretSync (target " + t.name() + "). Do not edit; changes are overwritten.";
  }
}
