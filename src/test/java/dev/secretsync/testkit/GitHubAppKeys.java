package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * A GitHub App's RSA key pair for tests: the public half is registered with {@link
 * GitHubEmulator#app}, the private half written as PEM the way GitHub hands it out (PKCS#1, {@code
 * BEGIN RSA PRIVATE KEY}) or converted to PKCS#8 ({@code BEGIN PRIVATE KEY}). Also signs JWTs
 * independently of the provider, so the emulator test does not test the provider against itself.
 */
public final class GitHubAppKeys {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KeyPair pair;

  private GitHubAppKeys(KeyPair pair) {
    this.pair = pair;
  }

  /** A new 2048-bit pair (GitHub's size). */
  public static GitHubAppKeys generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return new GitHubAppKeys(g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key, for {@link GitHubEmulator#app}. */
  public PublicKey publicKey() {
    return pair.getPublic();
  }

  /** Writes the private key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}, as GitHub generates). */
  public Path writePkcs1(Path file) {
    return write(file, pkcs1Pem());
  }

  /** The private key as PKCS#1 PEM text, as a CI secret would hold it. */
  public String pkcs1Pem() {
    try {
      byte[] pkcs1 =
          PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())
              .parsePrivateKey()
              .toASN1Primitive()
              .getEncoded();
      return pem("RSA PRIVATE KEY", pkcs1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public Path writePkcs8(Path file) {
    return write(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
  }

  /** A JWT with the given claims, signed RS256 with this key. */
  public String jwt(Map<String, Object> claims) {
    return jwt(claims, pair.getPrivate());
  }

  /** Claims as the docs prescribe for {@code iss} at {@code now}. */
  public static Map<String, Object> claims(String iss, Instant now) {
    return Map.of("iat", now.getEpochSecond() - 60, "exp", now.getEpochSecond() + 540, "iss", iss);
  }

  static String jwt(Map<String, Object> claims, PrivateKey key) {
    try {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String input =
          b64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")))
              + "."
              + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(s.sign());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static Path write(Path file, String pem) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
