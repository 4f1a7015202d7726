package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The read operations of AWS Organizations (JSON 1.1, target prefix {@code
 * AWSOrganizationsV20161128}) that account discovery uses: ListRoots,
 * ListOrganizationalUnitsForParent, ListAccountsForParent, ListAccounts, ListTagsForResource and
 * DescribeOrganization. As the API reference documents: callers outside an organisation get {@code
 * AWSOrganizationsNotInUseException}, callers that are neither the management account nor a
 * delegated administrator {@code AccessDeniedException}, an unknown parent {@code
 * ParentNotFoundException}, an unknown tag target {@code TargetNotFoundException}, and a bad token
 * or {@code MaxResults} (1–20) {@code InvalidInputException}.
 */
final class AwsOrganizationsHandler {
  static final String PREFIX = "AWSOrganizationsV20161128.";
  private static final int MAX = 20;
  private static final int DEFAULT_PAGE = 10;

  private final ObjectMapper json;
  private final AwsOrganization org;

  AwsOrganizationsHandler(ObjectMapper json, AwsOrganization org) {
    this.json = json;
    this.org = org;
  }

  JsonNode handle(String op, JsonNode req, String callerAccount) {
    synchronized (org) {
      if (!org.exists()) {
        throw new AwsError(
            400,
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.");
      }
      if (!org.mayRead(callerAccount)) {
        throw new AwsError(
            400, "AccessDeniedException", "You don't have permissions to access this resource.");
      }
      return switch (op) {
        case "DescribeOrganization" -> describeOrganization();
        case "ListRoots" -> listRoots(req);
        case "ListOrganizationalUnitsForParent" -> listOus(req);
        case "ListAccountsForParent" -> listAccountsForParent(req);
        case "ListAccounts" -> accounts(org.accounts(), req, "ListAccounts");
        case "ListTagsForResource" -> listTags(req);
        default ->
            throw new AwsError(
                400, "UnknownOperationException", "Operation " + op + " is not emulated");
      };
    }
  }

  private JsonNode describeOrganization() {
    ObjectNode o = json.createObjectNode();
    o.putObject("Organization")
        .put("Id", AwsOrganization.ORG_ID)
        .put("Arn", "arn:aws:organizations::" + org.management() + ":organization/" + orgId())
        .put("FeatureSet", "ALL")
        .put("MasterAccountId", org.management());
    return o;
  }

  private JsonNode listRoots(JsonNode req) {
    var page =
        AwsPaging.page(List.of(org.rootId()), req, "ListRoots", MAX, DEFAULT_PAGE, this::bad);
    ObjectNode out = json.createObjectNode();
    ArrayNode roots = out.putArray("Roots");
    for (String id : page.items()) {
      roots
          .addObject()
          .put("Id", id)
          .put("Arn", "arn:aws:organizations::" + org.management() + ":root/" + orgId() + "/" + id)
          .put("Name", "Root")
          .putArray("PolicyTypes");
    }
    return next(out, page.nextToken());
  }

  private JsonNode listOus(JsonNode req) {
    String parent = parent(req);
    var page =
        AwsPaging.page(org.ousOf(parent), req, "ListOUs|" + parent, MAX, DEFAULT_PAGE, this::bad);
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("OrganizationalUnits");
    for (AwsOrganization.Ou ou : page.items()) {
      list.addObject()
          .put("Id", ou.id())
          .put(
              "Arn",
              "arn:aws:organizations::" + org.management() + ":ou/" + orgId() + "/" + ou.id())
          .put("Name", ou.name());
    }
    return next(out, page.nextToken());
  }

  private JsonNode listAccountsForParent(JsonNode req) {
    String parent = parent(req);
    return accounts(org.accountsOf(parent), req, "ListAccountsForParent|" + parent);
  }

  private JsonNode accounts(List<AwsOrganization.Account> all, JsonNode req, String scope) {
    var page = AwsPaging.page(all, req, scope, MAX, DEFAULT_PAGE, this::bad);
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("Accounts");
    for (AwsOrganization.Account a : page.items()) {
      list.addObject()
          .put("Id", a.id())
          .put(
              "Arn",
              "arn:aws:organizations::" + org.management() + ":account/" + orgId() + "/" + a.id())
          .put("Email", a.email())
          .put("Name", a.name())
          .put("Status", a.status())
          .put("JoinedMethod", "CREATED")
          .put("JoinedTimestamp", 1_600_000_000L);
    }
    return next(out, page.nextToken());
  }

  private JsonNode listTags(JsonNode req) {
    String id = req.path("ResourceId").asText("");
    if (id.isEmpty()) {
      throw bad("You must specify a value for ResourceId.");
    }
    Map<String, String> tags = org.tagsOf(id);
    if (tags == null) {
      throw new AwsError(
          400,
          "TargetNotFoundException",
          "We can't find a root, OU, account, or policy with the TargetId that you specified.");
    }
    var page =
        AwsPaging.page(
            List.copyOf(tags.entrySet()), req, "ListTags|" + id, MAX, DEFAULT_PAGE, this::bad);
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("Tags");
    page.items().forEach(e -> list.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
    return next(out, page.nextToken());
  }

  private String parent(JsonNode req) {
    String parent = req.path("ParentId").asText("");
    if (parent.isEmpty()) {
      throw bad("You must specify a value for ParentId.");
    }
    if (!org.isParent(parent)) {
      throw new AwsError(
          400,
          "ParentNotFoundException",
          "We can't find a root or OU with the ParentId that you specified.");
    }
    return parent;
  }

  private static String orgId() {
    return AwsOrganization.ORG_ID;
  }

  private AwsError bad(String message) {
    return new AwsError(400, "InvalidInputException", message);
  }

  private static JsonNode next(ObjectNode out, String token) {
    if (token != null) {
      out.put("NextToken", token);
    }
    return out;
  }
}
