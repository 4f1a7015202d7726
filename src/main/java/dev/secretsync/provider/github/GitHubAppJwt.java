package dev.secretsync.provider.github;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * A GitHub App's JSON Web Token (RS256, JDK {@link Signature}): {@code iat} 60 seconds in the past
 * against clock drift, {@code exp} 9 minutes ahead (GitHub refuses more than 10), {@code iss} the
 * app id — as "Generating a JSON Web Token (JWT) for a GitHub App" prescribes. The private key is a
 * PEM file as GitHub hands it out ({@code BEGIN RSA PRIVATE KEY}, PKCS#1) or converted to PKCS#8
 * ({@code BEGIN PRIVATE KEY}).
 */
final class GitHubAppJwt {
  static final long IAT_BACKDATE_SECONDS = 60;
  static final long LIFETIME_SECONDS = 540;

  private GitHubAppJwt() {}

  /** The signed JWT for {@code iss} at {@code now}. */
  static String sign(String iss, PrivateKey key, Instant now) {
    long iat = now.getEpochSecond() - IAT_BACKDATE_SECONDS;
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String payload =
        "{\"iat\":"
            + iat
            + ",\"exp\":"
            + (now.getEpochSecond() + LIFETIME_SECONDS)
            + ",\"iss\":\""
            + iss.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}";
    String signingInput =
        b64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(payload.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the GitHub App JWT: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an RSA private key from PEM text.
   *
   * @throws IllegalArgumentException saying what the text is instead (never echoing it)
   */
  static PrivateKey readPem(String pem) {
    String type;
    if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      type = "RSA PRIVATE KEY";
    } else if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
      type = "PRIVATE KEY";
    } else if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "the key is encrypted; GitHub's App keys are not — use the .pem GitHub generated");
    } else {
      throw new IllegalArgumentException(
          "not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- as GitHub generates it,"
              + " or -----BEGIN PRIVATE KEY-----)");
    }
    int start = pem.indexOf("-----BEGIN " + type + "-----") + type.length() + 16;
    int end = pem.indexOf("-----END " + type + "-----", start);
    if (end < 0) {
      throw new IllegalArgumentException("the PEM block has no -----END " + type + "----- line");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(start, end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM block is not valid base64");
    }
    byte[] pkcs8 = type.equals("RSA PRIVATE KEY") ? pkcs1ToPkcs8(der) : der;
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "not an RSA private key (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Wraps a PKCS#1 {@code RSAPrivateKey} in a PKCS#8 {@code PrivateKeyInfo} (version 0, algorithm
   * rsaEncryption with NULL parameters), which is all the JDK's {@link KeyFactory} reads.
   */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] versionAndAlgorithm = {
      0x02,
      0x01,
      0x00, // INTEGER 0
      0x30,
      0x0d, // SEQUENCE AlgorithmIdentifier
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00 // NULL
    };
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(versionAndAlgorithm);
    body.write(0x04); // OCTET STRING
    body.writeBytes(length(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** A DER length: short form below 128, else 0x80|n followed by n big-endian bytes. */
  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    byte[] out = new byte[bytes + 1];
    out[0] = (byte) (0x80 | bytes);
    for (int i = 0; i < bytes; i++) {
      out[bytes - i] = (byte) (n >>> (8 * i));
    }
    return out;
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
