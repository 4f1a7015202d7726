package dev.secretsync.testkit;

/**
 * A service error raised by the emulator's operation handlers; the HTTP layer renders it in the
 * wire format of the service that was called (JSON 1.1 {@code __type}/{@code message} for Secrets
 * Manager, {@code ErrorResponse} XML for STS).
 */
final class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String NOT_FOUND_MESSAGE = "Secrets Manager can't find the specified secret.";
  static final String MARKED_FOR_DELETION =
      "You can't perform this operation on the secret because it was marked for deletion.";

  private final String type;
  private final int status;

  AwsError(int status, String type, String message) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
  }

  String type() {
    return type;
  }

  int status() {
    return status;
  }

  static AwsError notFound() {
    return new AwsError(400, "ResourceNotFoundException", NOT_FOUND_MESSAGE);
  }

  static AwsError notFound(String message) {
    return new AwsError(400, "ResourceNotFoundException", message);
  }

  static AwsError invalidRequest(String message) {
    return new AwsError(400, "InvalidRequestException", message);
  }

  static AwsError markedForDeletion() {
    return invalidRequest(MARKED_FOR_DELETION);
  }

  static AwsError invalidParameter(String message) {
    return new AwsError(400, "InvalidParameterException", message);
  }

  static AwsError resourceExists(String message) {
    return new AwsError(400, "ResourceExistsException", message);
  }

  static AwsError invalidNextToken() {
    return new AwsError(400, "InvalidNextTokenException", "The NextToken value is invalid.");
  }
}
