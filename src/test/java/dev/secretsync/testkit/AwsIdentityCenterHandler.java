package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The read operations of IAM Identity Center that discovery uses, both JSON 1.1: SSO Admin (target
 * prefix {@code SWBExternalService}: ListInstances, ListPermissionSets, DescribePermissionSet,
 * ListAccountsForProvisionedPermissionSet, ListAccountAssignments) and Identity Store ({@code
 * AWSIdentityStore}: GetGroupId, GetUserId). Documented errors: {@code AccessDeniedException} for
 * callers other than the instance's account, {@code ResourceNotFoundException} for an unknown
 * instance, permission set, group or user, {@code ValidationException} for a bad token or {@code
 * MaxResults} (1–100).
 */
final class AwsIdentityCenterHandler {
  static final String SSO_PREFIX = "SWBExternalService.";
  static final String STORE_PREFIX = "AWSIdentityStore.";
  private static final int MAX = 100;
  private static final int DEFAULT_PAGE = 10;

  private final ObjectMapper json;
  private final AwsIdentityCenter ic;

  AwsIdentityCenterHandler(ObjectMapper json, AwsIdentityCenter ic) {
    this.json = json;
    this.ic = ic;
  }

  JsonNode ssoAdmin(String op, JsonNode req, String caller) {
    synchronized (ic) {
      if (op.equals("ListInstances")) {
        return listInstances(req, caller);
      }
      access(caller);
      instance(req);
      return switch (op) {
        case "ListPermissionSets" -> strings("PermissionSets", ic.permissionSetArns(), req, op);
        case "DescribePermissionSet" -> describePermissionSet(req);
        case "ListAccountsForProvisionedPermissionSet" ->
            strings(
                "AccountIds",
                ic.provisionedAccounts(permissionSet(req)),
                req,
                op + "|" + permissionSet(req));
        case "ListAccountAssignments" -> listAssignments(req);
        default -> throw unknown(op);
      };
    }
  }

  JsonNode identityStore(String op, JsonNode req, String caller) {
    synchronized (ic) {
      access(caller);
      if (!AwsIdentityCenter.STORE_ID.equals(req.path("IdentityStoreId").asText())) {
        throw notFound("Identity store not found");
      }
      JsonNode attr = req.path("AlternateIdentifier").path("UniqueAttribute");
      String path = attr.path("AttributePath").asText("");
      String value = attr.path("AttributeValue").asText("");
      return switch (op) {
        case "GetGroupId" -> {
          requirePath(path, "displayName");
          yield id("GroupId", ic.groupId(value), "Group");
        }
        case "GetUserId" -> {
          requirePath(path, "userName");
          yield id("UserId", ic.userId(value), "User");
        }
        default -> throw unknown(op);
      };
    }
  }

  private JsonNode listInstances(JsonNode req, String caller) {
    List<String> all = ic.owner() == null || !ic.owner().equals(caller) ? List.of() : List.of("x");
    var page = AwsPaging.page(all, req, "ListInstances", MAX, DEFAULT_PAGE, this::invalid);
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("Instances");
    for (String ignored : page.items()) {
      list.addObject()
          .put("InstanceArn", AwsIdentityCenter.INSTANCE_ARN)
          .put("IdentityStoreId", AwsIdentityCenter.STORE_ID)
          .put("OwnerAccountId", ic.owner())
          .put("Status", "ACTIVE");
    }
    return next(out, page.nextToken());
  }

  private JsonNode describePermissionSet(JsonNode req) {
    String arn = permissionSet(req);
    ObjectNode out = json.createObjectNode();
    out.putObject("PermissionSet")
        .put("Name", ic.permissionSetName(arn))
        .put("PermissionSetArn", arn)
        .put("SessionDuration", "PT1H");
    return out;
  }

  private JsonNode listAssignments(JsonNode req) {
    String account = req.path("AccountId").asText("");
    if (!account.matches("\\d{12}")) {
      throw invalid("AccountId must be 12 digits");
    }
    String ps = permissionSet(req);
    var page =
        AwsPaging.page(
            ic.assignments(account, ps),
            req,
            "ListAccountAssignments|" + account + "|" + ps,
            MAX,
            DEFAULT_PAGE,
            this::invalid);
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("AccountAssignments");
    for (AwsIdentityCenter.Assignment a : page.items()) {
      list.addObject()
          .put("AccountId", a.accountId())
          .put("PermissionSetArn", a.permissionSetArn())
          .put("PrincipalType", a.principalType())
          .put("PrincipalId", a.principalId());
    }
    return next(out, page.nextToken());
  }

  private JsonNode strings(String field, List<String> all, JsonNode req, String scope) {
    var page = AwsPaging.page(all, req, scope, MAX, DEFAULT_PAGE, this::invalid);
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray(field);
    page.items().forEach(list::add);
    return next(out, page.nextToken());
  }

  private JsonNode id(String field, String id, String what) {
    if (id == null) {
      throw notFound(what + " not found");
    }
    return json.createObjectNode()
        .put(field, id)
        .put("IdentityStoreId", AwsIdentityCenter.STORE_ID);
  }

  private void access(String caller) {
    if (ic.owner() == null || !ic.owner().equals(caller)) {
      throw new AwsError(
          400, "AccessDeniedException", "User is not authorized to perform this operation");
    }
  }

  private void instance(JsonNode req) {
    if (!AwsIdentityCenter.INSTANCE_ARN.equals(req.path("InstanceArn").asText())) {
      throw notFound("Instance not found");
    }
  }

  private String permissionSet(JsonNode req) {
    String arn = req.path("PermissionSetArn").asText("");
    if (ic.permissionSetName(arn) == null) {
      throw notFound("Could not find PermissionSet with PermissionSetArn " + arn);
    }
    return arn;
  }

  private void requirePath(String path, String expected) {
    if (!expected.equals(path)) {
      throw invalid("AttributePath must be " + expected);
    }
  }

  private AwsError invalid(String message) {
    return new AwsError(400, "ValidationException", message);
  }

  private static AwsError notFound(String message) {
    return new AwsError(400, "ResourceNotFoundException", message);
  }

  private static AwsError unknown(String op) {
    return new AwsError(400, "UnknownOperationException", "Operation " + op + " is not emulated");
  }

  private static JsonNode next(ObjectNode out, String token) {
    if (token != null) {
      out.put("NextToken", token);
    }
    return out;
  }
}
