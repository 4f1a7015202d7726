package dev.secretsync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's single HTTP entry point. A request carrying {@code X-Amz-Target:
 * secretsmanager.<Op>} is Secrets Manager (JSON 1.1); anything else with an {@code Action}
 * parameter (form body or query string) is STS (query protocol). The caller is identified from the
 * SigV4 {@code Authorization} header's credential scope ({@code Credential=AKID/date/region/
 * service/aws4_request}); signatures are not verified.
 *
 * <p>Per request: count → latency → injected fault → write throttle → operation.
 */
final class AwsHttpDispatcher implements HttpHandler {
  static final String JSON_TYPE = "application/x-amz-json-1.1";
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

  private final AwsEmulator emulator;
  private final AwsCallControl control;
  private final AwsSecretsManagerHandler secretsManager;
  private final AwsStsHandler sts;
  private final AwsIamDenials iam;
  private final ObjectMapper json;
  private final AwsOrganizationsHandler organizations;
  private final AwsIdentityCenterHandler identityCenter;

  AwsHttpDispatcher(
      AwsEmulator emulator,
      AwsCallControl control,
      AwsSecretsManagerHandler secretsManager,
      AwsStsHandler sts,
      AwsIamDenials iam,
      ObjectMapper json,
      AwsOrganizationsHandler organizations,
      AwsIdentityCenterHandler identityCenter) {
    this.organizations = organizations;
    this.identityCenter = identityCenter;
    this.emulator = emulator;
    this.control = control;
    this.secretsManager = secretsManager;
    this.sts = sts;
    this.iam = iam;
    this.json = json;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      dispatch(ex, UUID.randomUUID().toString());
    }
  }

  private void dispatch(HttpExchange ex, String requestId) throws IOException {
    boolean isSts = false;
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      AwsStsHandler.Caller caller = caller(ex.getRequestHeaders().getFirst("Authorization"));
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (target != null && !target.startsWith("secretsmanager.")) {
        otherJsonService(ex, target, body, caller, requestId);
        return;
      }
      if (target != null) {
        secretsManager(ex, target, body, caller, requestId);
        return;
      }
      Map<String, String> params = form(ex.getRequestURI().getRawQuery());
      params.putAll(form(new String(body, StandardCharsets.UTF_8)));
      String action = params.get("Action");
      if (action == null) {
        String msg = "Unrecognised request: no X-Amz-Target and no Action";
        send(ex, 400, "text/plain", msg, requestId);
        return;
      }
      isSts = true;
      sts(ex, action, params, caller, requestId);
    } catch (RuntimeException e) {
      // An emulator bug: answer like the services' internal errors so the SDK surfaces it.
      String msg = "Emulator failure: " + e;
      if (isSts) {
        String xml = AwsStsHandler.errorXml(500, "InternalFailure", msg, requestId);
        send(ex, 500, "text/xml", xml, requestId);
      } else {
        sendJsonError(ex, 500, "InternalServiceError", msg, requestId);
      }
    }
  }

  private void secretsManager(
      HttpExchange ex, String target, byte[] body, AwsStsHandler.Caller caller, String requestId)
      throws IOException {
    if (!target.startsWith("secretsmanager.")) {
      sendJsonError(ex, 400, "UnknownOperationException", "Unknown target " + target, requestId);
      return;
    }
    String op = target.substring("secretsmanager.".length());
    String name = "secretsmanager." + op;
    boolean mutating = AwsSecretsManagerHandler.MUTATING.contains(op);
    control.record(caller.account(), name, mutating);
    if (mutating) {
      control.recordWriter(
          caller.account(),
          caller.session() != null ? caller.session().sessionName() : caller.accessKeyId());
    }
    control.enter(name);
    try {
      control.sleepLatency();
    } finally {
      control.exit(name);
    }
    AwsCallControl.Fault fault = control.pollFault(name);
    if (fault != null) {
      sendJsonError(ex, fault.status(), fault.errorType(), faultMessage(fault), requestId);
      return;
    }
    AwsError denied = iam.check(caller, "secretsmanager:" + op);
    if (denied != null) {
      sendJsonError(ex, denied.status(), denied.type(), denied.getMessage(), requestId);
      return;
    }
    if (mutating && control.throttleWrite(caller.account(), caller.region())) {
      sendJsonError(ex, 400, "ThrottlingException", "Rate exceeded", requestId);
      return;
    }
    JsonNode req;
    try {
      req = body.length == 0 ? json.createObjectNode() : json.readTree(body);
    } catch (JsonProcessingException e) {
      sendJsonError(ex, 400, "SerializationException", "Malformed JSON body", requestId);
      return;
    }
    try {
      AwsAccountState st = emulator.state(caller.account(), caller.region());
      JsonNode out = secretsManager.handle(op, req, st);
      if (mutating) {
        synchronized (st) {
          st.listing.changed(st.now(), st::all); // what a lagging ListSecrets shows later
        }
      }
      send(ex, 200, JSON_TYPE, json.writeValueAsString(out), requestId);
    } catch (AwsError e) {
      sendJsonError(ex, e.status(), e.type(), e.getMessage(), requestId);
    }
  }

  /**
   * Organizations, SSO Admin and Identity Store (JSON 1.1, read-only here): counted as {@code
   * organizations.<Op>}, {@code sso.<Op>} and {@code identitystore.<Op>}, with latency and injected
   * faults like every operation.
   */
  private void otherJsonService(
      HttpExchange ex, String target, byte[] body, AwsStsHandler.Caller caller, String requestId)
      throws IOException {
    String service;
    String op;
    if (target.startsWith(AwsOrganizationsHandler.PREFIX)) {
      service = "organizations";
      op = target.substring(AwsOrganizationsHandler.PREFIX.length());
    } else if (target.startsWith(AwsIdentityCenterHandler.SSO_PREFIX)) {
      service = "sso";
      op = target.substring(AwsIdentityCenterHandler.SSO_PREFIX.length());
    } else if (target.startsWith(AwsIdentityCenterHandler.STORE_PREFIX)) {
      service = "identitystore";
      op = target.substring(AwsIdentityCenterHandler.STORE_PREFIX.length());
    } else {
      sendJsonError(ex, 400, "UnknownOperationException", "Unknown target " + target, requestId);
      return;
    }
    String name = service + "." + op;
    control.record(caller.account(), name, false);
    control.sleepLatency();
    AwsCallControl.Fault fault = control.pollFault(name);
    if (fault != null) {
      sendJsonError(ex, fault.status(), fault.errorType(), faultMessage(fault), requestId);
      return;
    }
    try {
      JsonNode req = body.length == 0 ? json.createObjectNode() : json.readTree(body);
      JsonNode out =
          switch (service) {
            case "organizations" -> organizations.handle(op, req, caller.account());
            case "sso" -> identityCenter.ssoAdmin(op, req, caller.account());
            default -> identityCenter.identityStore(op, req, caller.account());
          };
      send(ex, 200, JSON_TYPE, json.writeValueAsString(out), requestId);
    } catch (JsonProcessingException e) {
      sendJsonError(ex, 400, "SerializationException", "Malformed JSON body", requestId);
    } catch (AwsError e) {
      sendJsonError(ex, e.status(), e.type(), e.getMessage(), requestId);
    }
  }

  private void sts(
      HttpExchange ex,
      String action,
      Map<String, String> params,
      AwsStsHandler.Caller caller,
      String requestId)
      throws IOException {
    String name = "sts." + action;
    control.record(caller.account(), name, false);
    control.sleepLatency();
    AwsCallControl.Fault fault = control.pollFault(name);
    if (fault != null) {
      String xml =
          AwsStsHandler.errorXml(fault.status(), fault.errorType(), faultMessage(fault), requestId);
      send(ex, fault.status(), "text/xml", xml, requestId);
      return;
    }
    try {
      send(ex, 200, "text/xml", sts.handle(action, params, caller, requestId), requestId);
    } catch (AwsError e) {
      String xml = AwsStsHandler.errorXml(e.status(), e.type(), e.getMessage(), requestId);
      send(ex, e.status(), "text/xml", xml, requestId);
    }
  }

  private static String faultMessage(AwsCallControl.Fault fault) {
    return fault.errorType().startsWith("Throttl")
        ? "Rate exceeded"
        : "Injected " + fault.errorType() + " (AwsEmulator.failNext)";
  }

  private AwsStsHandler.Caller caller(String authorization) {
    String akid = null;
    String region = AwsEmulator.DEFAULT_REGION;
    if (authorization != null) {
      Matcher m = CREDENTIAL.matcher(authorization);
      if (m.find()) {
        akid = m.group(1);
        region = m.group(3);
      }
    }
    return sts.caller(akid, region, emulator.defaultAccount());
  }

  private void sendJsonError(HttpExchange ex, int status, String type, String message, String rid)
      throws IOException {
    String body = json.createObjectNode().put("__type", type).put("message", message).toString();
    ex.getResponseHeaders().set("x-amzn-ErrorType", type);
    send(ex, status, JSON_TYPE, body, rid);
  }

  private static void send(HttpExchange ex, int status, String type, String body, String rid)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("x-amzn-RequestId", rid);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
