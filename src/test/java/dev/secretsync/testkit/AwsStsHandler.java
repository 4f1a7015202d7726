package dev.secretsync.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS over the AWS query protocol ({@code Action=...&Version=2011-06-15}, form encoded) with XML
 * responses in the {@code https://sts.amazonaws.com/doc/2011-06-15/} namespace: AssumeRole and
 * GetCallerIdentity. Also owns the registry of issued access keys, which is how requests signed
 * with assumed-role credentials are attributed to the role's account. Thread-safe.
 */
final class AwsStsHandler {
  static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]+)");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String B64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** The identity behind an access key id issued by AssumeRole. */
  record Session(String account, String roleArn, String sessionName, String arn, String roleId) {}

  /** Who signed a request: access key id, resolved account, region, and session if assumed. */
  record Caller(String accessKeyId, String account, String region, Session session) {
    String arn() {
      return session != null ? session.arn() : "arn:aws:iam::" + account + ":root";
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> staticKeys = new ConcurrentHashMap<>();
  private final Map<String, String> roleIds = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final List<AwsEmulator.AssumeRoleCall> calls = new CopyOnWriteArrayList<>();
  private final Supplier<Instant> clock;
  private final Random random;

  AwsStsHandler(Supplier<Instant> clock, Random random) {
    this.clock = clock;
    this.random = random;
  }

  Caller caller(String accessKeyId, String region, String defaultAccount) {
    Session s = accessKeyId == null ? null : sessions.get(accessKeyId);
    if (s != null) {
      return new Caller(accessKeyId, s.account(), region, s);
    }
    String account = accessKeyId == null ? null : staticKeys.get(accessKeyId);
    return new Caller(accessKeyId, account != null ? account : defaultAccount, region, null);
  }

  void registerAccessKey(String accessKeyId, String account) {
    staticKeys.put(accessKeyId, account);
  }

  void deny(String roleArn) {
    denied.add(roleArn);
  }

  void allow(String roleArn) {
    denied.remove(roleArn);
  }

  List<AwsEmulator.AssumeRoleCall> calls() {
    return List.copyOf(calls);
  }

  void reset() {
    sessions.clear();
    denied.clear();
    calls.clear();
  }

  /** Handles one query-protocol action; returns the XML body or throws {@link AwsError}. */
  String handle(String action, Map<String, String> params, Caller caller, String requestId) {
    switch (action) {
      case "AssumeRole":
        return assumeRole(params, caller, requestId);
      case "GetCallerIdentity":
        return envelope(
            "GetCallerIdentity",
            "<Arn>"
                + esc(caller.arn())
                + "</Arn><UserId>"
                + esc(caller.session() != null ? caller.session().roleId() : caller.account())
                + "</UserId><Account>"
                + caller.account()
                + "</Account>",
            requestId);
      default:
        throw new AwsError(
            400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
    }
  }

  private String assumeRole(Map<String, String> params, Caller caller, String requestId) {
    String roleArn = params.get("RoleArn");
    String sessionName = params.get("RoleSessionName");
    if (roleArn == null) {
      throw validation(
          "Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    }
    if (sessionName == null) {
      throw validation(
          "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    }
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) {
      throw validation("Value '" + roleArn + "' at 'roleArn' is not a valid IAM role ARN");
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw validation(
          "Value '"
              + sessionName
              + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
    }
    long duration = 3600;
    if (params.containsKey("DurationSeconds")) {
      try {
        duration = Long.parseLong(params.get("DurationSeconds"));
      } catch (NumberFormatException e) {
        duration = -1;
      }
      if (duration < 900 || duration > 43200) {
        throw validation(
            "Value '"
                + params.get("DurationSeconds")
                + "' at 'durationSeconds' failed to satisfy constraint: Member must have value"
                + " between 900 and 43200");
      }
    }
    if (denied.contains(roleArn)) {
      throw new AwsError(
          403,
          "AccessDenied",
          "User: "
              + caller.arn()
              + " is not authorized to perform: sts:AssumeRole on resource: "
              + roleArn);
    }
    String account = m.group(1);
    String roleName = m.group(2);
    String roleId = roleIds.computeIfAbsent(roleArn, k -> "AROA" + random(B32, 17));
    String assumedRoleId = roleId + ":" + sessionName;
    String arn = "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    String akid = "ASIA" + random(B32, 16);
    sessions.put(akid, new Session(account, roleArn, sessionName, arn, assumedRoleId));
    Instant now = clock.get().truncatedTo(ChronoUnit.SECONDS);
    calls.add(new AwsEmulator.AssumeRoleCall(roleArn, sessionName, caller.account(), akid, now));
    String expiration =
        DateTimeFormatter.ISO_INSTANT.format(now.plus(Duration.ofSeconds(duration)));
    return envelope(
        "AssumeRole",
        "<AssumedRoleUser><AssumedRoleId>"
            + esc(assumedRoleId)
            + "</AssumedRoleId><Arn>"
            + esc(arn)
            + "</Arn></AssumedRoleUser><Credentials><AccessKeyId>"
            + akid
            + "</AccessKeyId><SecretAccessKey>"
            + esc(random(B64, 40))
            + "</SecretAccessKey><SessionToken>"
            + esc("IQoJb3JpZ2luX2VtdQ" + random(B64, 300))
            + "</SessionToken><Expiration>"
            + expiration
            + "</Expiration></Credentials>",
        requestId);
  }

  private static AwsError validation(String detail) {
    return new AwsError(400, "ValidationError", "1 validation error detected: " + detail);
  }

  private String random(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String envelope(String action, String result, String requestId) {
    return "<"
        + action
        + "Response xmlns=\""
        + NS
        + "\">\n  <"
        + action
        + "Result>"
        + result
        + "</"
        + action
        + "Result>\n  <ResponseMetadata>\n    <RequestId>"
        + requestId
        + "</RequestId>\n  </ResponseMetadata>\n</"
        + action
        + "Response>\n";
  }

  /** An STS (query protocol) error document; Type is Sender for 4xx and Receiver for 5xx. */
  static String errorXml(int status, String code, String message, String requestId) {
    return "<ErrorResponse xmlns=\""
        + NS
        + "\">\n  <Error>\n    <Type>"
        + (status >= 500 ? "Receiver" : "Sender")
        + "</Type>\n    <Code>"
        + esc(code)
        + "</Code>\n    <Message>"
        + esc(message)
        + "</Message>\n  </Error>\n  <RequestId>"
        + requestId
        + "</RequestId>\n</ErrorResponse>\n";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
