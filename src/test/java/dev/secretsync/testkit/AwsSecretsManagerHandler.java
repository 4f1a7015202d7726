package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secrets Manager operations over the AWS JSON 1.1 protocol: request members are read from the JSON
 * body, responses are JSON objects with timestamps as epoch seconds and blobs as base64. Every
 * operation runs as one critical section on the caller's {@link AwsAccountState}.
 */
final class AwsSecretsManagerHandler {
  /** Operations that modify state; they are subject to write throttling and {@code writeCount}. */
  static final Set<String> MUTATING =
      Set.of(
          "CreateSecret",
          "PutSecretValue",
          "UpdateSecret",
          "UpdateSecretVersionStage",
          "DeleteSecret",
          "RestoreSecret",
          "TagResource",
          "UntagResource",
          "RotateSecret",
          "CancelRotateSecret",
          "PutResourcePolicy",
          "DeleteResourcePolicy",
          "ReplicateSecretToRegions",
          "RemoveRegionsFromReplication",
          "StopReplicationToReplica");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  private final ObjectMapper json;

  AwsSecretsManagerHandler(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode handle(String op, JsonNode req, AwsAccountState st) {
    synchronized (st) {
      switch (op) {
        case "CreateSecret":
          return create(req, st);
        case "PutSecretValue":
          return putSecretValue(req, st);
        case "UpdateSecret":
          return updateSecret(req, st);
        case "UpdateSecretVersionStage":
          {
            AwsSecret s = st.requireLive(text(req, "SecretId"));
            String stage = required(req, "VersionStage");
            st.updateStage(
                s, stage, text(req, "MoveToVersionId"), text(req, "RemoveFromVersionId"));
            return arnName(s);
          }
        case "GetSecretValue":
          return getSecretValue(
              st, text(req, "SecretId"), text(req, "VersionId"), text(req, "VersionStage"));
        case "BatchGetSecretValue":
          return AwsSecretsManagerReads.batchGet(this, req, st);
        case "ListSecrets":
          return AwsSecretsManagerReads.listSecrets(this, req, st);
        case "DescribeSecret":
          return describe(st.require(text(req, "SecretId")), st);
        case "ListSecretVersionIds":
          return AwsSecretsManagerReads.listVersionIds(this, req, st);
        case "DeleteSecret":
          {
            JsonNode w = req.get("RecoveryWindowInDays");
            Long window = w == null || w.isNull() ? null : w.asLong();
            boolean force = req.path("ForceDeleteWithoutRecovery").asBoolean(false);
            AwsAccountState.checkDeleteParameters(window, force);
            AwsSecret s = st.require(text(req, "SecretId"));
            AwsReplication.checkDeletable(s);
            Instant when = st.delete(s, window, force);
            ObjectNode out = arnName(s);
            date(out, "DeletionDate", when);
            return out;
          }
        case "RestoreSecret":
          {
            AwsSecret s = st.require(text(req, "SecretId"));
            st.restore(s);
            return arnName(s);
          }
        case "TagResource":
          {
            AwsSecret s = st.requireLive(text(req, "SecretId"));
            Map<String, String> add = tags(req.get("Tags"));
            AwsTagLimits.checkEach(add);
            Map<String, String> after = new LinkedHashMap<>(s.tags);
            after.putAll(add);
            AwsTagLimits.checkTotal(after);
            s.tags.putAll(add);
            s.lastChanged = st.now();
            return json.createObjectNode();
          }
        case "UntagResource":
          {
            AwsSecret s = st.requireLive(text(req, "SecretId"));
            strings(req.get("TagKeys")).forEach(s.tags::remove);
            s.lastChanged = st.now();
            return json.createObjectNode();
          }
        case "ReplicateSecretToRegions":
          {
            AwsSecret s = st.requireLive(text(req, "SecretId"));
            AwsReplication.add(s, st.region, req.path("AddReplicaRegions"));
            ObjectNode out = json.createObjectNode().put("ARN", s.arn);
            AwsReplication.status(out, s);
            return out;
          }
        case "RemoveRegionsFromReplication":
          {
            AwsSecret s = st.requireLive(text(req, "SecretId"));
            AwsReplication.remove(s, req.get("RemoveReplicaRegions"));
            ObjectNode out = json.createObjectNode().put("ARN", s.arn);
            AwsReplication.status(out, s);
            return out;
          }
        default:
          throw new AwsError(
              400,
              "UnknownOperationException",
              "Operation " + op + " is not supported by the emulator.");
      }
    }
  }

  private ObjectNode create(JsonNode req, AwsAccountState st) {
    String name = required(req, "Name");
    if (!NAME.matcher(name).matches()) {
      throw AwsError.invalidParameter(
          "Invalid name. Must be a valid name containing alphanumeric characters, or any of the"
              + " following: -/_+=.@!");
    }
    String string = text(req, "SecretString");
    byte[] binary = binary(req);
    checkValue(string, binary, false);
    String token = text(req, "ClientRequestToken");
    if (token != null) {
      checkToken(token);
    }
    AwsAccountState.Created c =
        st.create(
            name,
            token,
            text(req, "Description"),
            text(req, "KmsKeyId"),
            string,
            binary,
            tags(req.get("Tags")),
            req.path("AddReplicaRegions"));
    ObjectNode out = arnName(c.secret());
    if (c.versionId() != null) {
      out.put("VersionId", c.versionId());
    }
    AwsReplication.status(out, c.secret());
    return out;
  }

  private ObjectNode putSecretValue(JsonNode req, AwsAccountState st) {
    AwsSecret s = st.requireLive(text(req, "SecretId"));
    String string = text(req, "SecretString");
    byte[] binary = binary(req);
    checkValue(string, binary, true);
    String token = text(req, "ClientRequestToken");
    checkToken(token);
    AwsSecret.Version v = st.putValue(s, token, string, binary, strings(req.get("VersionStages")));
    ObjectNode out = arnName(s);
    out.put("VersionId", v.id);
    ArrayNode stages = out.putArray("VersionStages");
    v.stages.forEach(stages::add);
    return out;
  }

  private ObjectNode updateSecret(JsonNode req, AwsAccountState st) {
    AwsSecret s = st.requireLive(text(req, "SecretId"));
    String string = text(req, "SecretString");
    byte[] binary = binary(req);
    checkValue(string, binary, false);
    ObjectNode out = arnName(s);
    if (string != null || binary != null) {
      String token = text(req, "ClientRequestToken");
      checkToken(token);
      out.put("VersionId", st.putValue(s, token, string, binary, List.of()).id);
    }
    if (req.hasNonNull("Description")) {
      s.description = text(req, "Description");
    }
    if (req.hasNonNull("KmsKeyId")) {
      s.kmsKeyId = text(req, "KmsKeyId");
    }
    s.lastChanged = st.now();
    return out;
  }

  ObjectNode getSecretValue(AwsAccountState st, String secretId, String versionId, String stage) {
    AwsSecret s = st.requireLive(secretId);
    AwsSecret.Version v;
    if (versionId != null) {
      v = s.versions.get(versionId);
      if (v == null) {
        throw AwsError.notFound(
            "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
      }
      if (stage != null && !v.stages.contains(stage)) {
        throw AwsError.invalidRequest(
            "You provided a VersionStage that is not associated to the provided VersionId.");
      }
    } else {
      String label = stage == null ? AwsSecret.CURRENT : stage;
      v = s.withStage(label);
      if (v == null) {
        throw AwsError.notFound(
            "Secrets Manager can't find the specified secret value for staging label: " + label);
      }
    }
    s.lastAccessed = st.now().truncatedTo(ChronoUnit.DAYS);
    ObjectNode out = arnName(s);
    out.put("VersionId", v.id);
    if (v.binary != null) {
      out.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
    } else {
      out.put("SecretString", v.string);
    }
    ArrayNode stages = out.putArray("VersionStages");
    v.stages.forEach(stages::add);
    date(out, "CreatedDate", v.created);
    return out;
  }

  /** DescribeSecret output; {@code entry} (ListSecrets) differs only in the stages member name. */
  ObjectNode describe(AwsSecret s, AwsAccountState st) {
    ObjectNode out = summary(s, st, "VersionIdsToStages");
    AwsReplication.status(out, s);
    return out;
  }

  ObjectNode summary(AwsSecret s, AwsAccountState st, String stagesMember) {
    ObjectNode out = arnName(s);
    if (s.description != null) {
      out.put("Description", s.description);
    }
    if (s.kmsKeyId != null) {
      out.put("KmsKeyId", s.kmsKeyId);
    }
    date(out, "LastChangedDate", s.lastChanged);
    date(out, "LastAccessedDate", s.lastAccessed);
    date(out, "DeletedDate", s.deletedDate);
    if (!s.tags.isEmpty()) {
      ArrayNode tags = out.putArray("Tags");
      s.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    }
    ObjectNode stages = json.createObjectNode();
    for (AwsSecret.Version v : s.versions.values()) {
      if (!v.stages.isEmpty()) {
        ArrayNode a = stages.putArray(v.id);
        v.stages.forEach(a::add);
      }
    }
    if (!stages.isEmpty()) {
      out.set(stagesMember, stages);
    }
    date(out, "CreatedDate", s.created);
    if (!s.replicas.isEmpty()) {
      out.put("PrimaryRegion", st.region);
    }
    return out;
  }

  ObjectNode arnName(AwsSecret s) {
    return json.createObjectNode().put("ARN", s.arn).put("Name", s.name);
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  static void date(ObjectNode out, String field, Instant when) {
    if (when != null) {
      out.put(field, BigDecimal.valueOf(when.toEpochMilli(), 3));
    }
  }

  static String text(JsonNode req, String field) {
    JsonNode n = req.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  static String required(JsonNode req, String field) {
    String v = text(req, field);
    if (v == null || v.isEmpty()) {
      throw AwsError.invalidParameter("You must provide a value for the " + field + " parameter.");
    }
    return v;
  }

  static List<String> strings(JsonNode n) {
    if (n == null || n.isNull()) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    n.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static Map<String, String> tags(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n != null) {
      for (JsonNode t : n) {
        out.put(t.path("Key").asText(), t.path("Value").asText(""));
      }
    }
    return out;
  }

  private static byte[] binary(JsonNode req) {
    String b64 = text(req, "SecretBinary");
    if (b64 == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new AwsError(400, "SerializationException", "SecretBinary is not valid base64.");
    }
  }

  private static void checkValue(String string, byte[] binary, boolean required) {
    if (string != null && binary != null) {
      throw AwsError.invalidParameter(
          "You can't specify both a binary secret value and a string secret value in the same"
              + " secret.");
    }
    if (required && string == null && binary == null) {
      throw AwsError.invalidParameter("You must provide either SecretString or SecretBinary.");
    }
    if ((string != null && string.length() > 65536) || (binary != null && binary.length > 65536)) {
      throw AwsError.invalidParameter("The secret value must not exceed 65536 bytes.");
    }
  }

  private static void checkToken(String token) {
    if (token == null) {
      throw AwsError.invalidRequest(
          "You must provide a ClientRequestToken value. We recommend a UUID-type value.");
    }
    if (token.length() < 32 || token.length() > 64) {
      throw AwsError.invalidParameter("ClientRequestToken must be 32-64 characters long.");
    }
  }
}
