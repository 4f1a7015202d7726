package dev.secretsync.resilience;

/**
 * A breaker's service key in words for messages: {@code vault:http://v:8200} is "Vault at
 * http://v:8200", {@code aws:secretsmanager:111111111111:us-east-1} is "AWS Secrets Manager in
 * 111111111111/us-east-1", {@code aws:s3:b} is "S3 bucket b", {@code aws:sts} is "AWS STS".
 */
final class BreakerNames {
  private BreakerNames() {}

  static String describe(String service) {
    if (service.startsWith("vault:")) {
      return "Vault at " + service.substring("vault:".length());
    }
    if (service.startsWith("aws:secretsmanager:")) {
      String[] where = service.substring("aws:secretsmanager:".length()).split(":", 2);
      if (where.length == 2) {
        return "AWS Secrets Manager in "
            + (where[0].equals("ambient") ? "the credentials' account" : where[0])
            + "/"
            + where[1];
      }
    }
    if (service.startsWith("aws:s3:")) {
      return "S3 bucket " + service.substring("aws:s3:".length());
    }
    if (service.equals("aws:sts")) {
      return "AWS STS";
    }
    return service;
  }
}
