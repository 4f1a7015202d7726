package dev.secretsync.provider.github;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.Pack;

/**
 * libsodium's {@code crypto_box_seal}, which GitHub requires for secret values: an ephemeral X25519
 * key pair, nonce = BLAKE2b-192(ephemeral public key ‖ recipient public key), then {@code
 * crypto_box} (X25519 → HSalsa20 → XSalsa20-Poly1305). Output: ephemeral public key ‖ MAC ‖
 * ciphertext. Built from Bouncy Castle's lightweight primitives (never a JCE provider); the NaCl
 * test vector pins {@link #box}.
 */
public final class SealedBox {
  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 24;
  static final int MAC_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedBox() {}

  /**
   * Seals {@code message} for the holder of the private key of {@code recipientPublicKey}.
   *
   * @throws IllegalArgumentException when the public key is not 32 bytes or is a low-order point
   */
  public static byte[] seal(byte[] message, byte[] recipientPublicKey) {
    byte[] ephemeralSecret = new byte[KEY_BYTES];
    X25519.generatePrivateKey(RANDOM, ephemeralSecret);
    try {
      return seal(message, recipientPublicKey, ephemeralSecret);
    } finally {
      Arrays.fill(ephemeralSecret, (byte) 0);
    }
  }

  /** Sealing with a given ephemeral secret key (deterministic; for tests). */
  static byte[] seal(byte[] message, byte[] recipientPublicKey, byte[] ephemeralSecret) {
    if (recipientPublicKey.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the public key has " + recipientPublicKey.length + " bytes, not " + KEY_BYTES);
    }
    byte[] ephemeralPublic = new byte[KEY_BYTES];
    X25519.generatePublicKey(ephemeralSecret, 0, ephemeralPublic, 0);
    byte[] nonce = nonce(ephemeralPublic, recipientPublicKey);
    byte[] boxed = box(message, nonce, recipientPublicKey, ephemeralSecret);
    byte[] out = new byte[KEY_BYTES + boxed.length];
    System.arraycopy(ephemeralPublic, 0, out, 0, KEY_BYTES);
    System.arraycopy(boxed, 0, out, KEY_BYTES, boxed.length);
    return out;
  }

  /** The sealed-box nonce: BLAKE2b with a 24-byte output over both public keys. */
  static byte[] nonce(byte[] ephemeralPublic, byte[] recipientPublic) {
    Blake2bDigest d = new Blake2bDigest(NONCE_BYTES * 8);
    d.update(ephemeralPublic, 0, ephemeralPublic.length);
    d.update(recipientPublic, 0, recipientPublic.length);
    byte[] nonce = new byte[NONCE_BYTES];
    d.doFinal(nonce, 0);
    return nonce;
  }

  /** NaCl {@code crypto_box}: MAC ‖ ciphertext. */
  static byte[] box(byte[] message, byte[] nonce, byte[] publicKey, byte[] secretKey) {
    byte[] shared = new byte[KEY_BYTES];
    if (!X25519.calculateAgreement(secretKey, 0, publicKey, 0, shared, 0)) {
      throw new IllegalArgumentException("the public key is a low-order point");
    }
    byte[] key = hsalsa20(shared);
    Arrays.fill(shared, (byte) 0);
    try {
      return secretbox(message, nonce, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** NaCl {@code crypto_secretbox} (XSalsa20-Poly1305): MAC ‖ ciphertext. */
  static byte[] secretbox(byte[] message, byte[] nonce, byte[] key) {
    XSalsa20Engine stream = new XSalsa20Engine();
    stream.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    // The first 32 bytes of the key stream are the one-time Poly1305 key, as in NaCl.
    byte[] macKey = new byte[KEY_BYTES];
    stream.processBytes(new byte[KEY_BYTES], 0, KEY_BYTES, macKey, 0);
    byte[] out = new byte[MAC_BYTES + message.length];
    stream.processBytes(message, 0, message.length, out, MAC_BYTES);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(out, MAC_BYTES, message.length);
    mac.doFinal(out, 0);
    Arrays.fill(macKey, (byte) 0);
    return out;
  }

  /** HSalsa20 with an all-zero 16-byte input: NaCl's {@code crypto_box_beforenm} key derivation. */
  static byte[] hsalsa20(byte[] key) {
    int[] in = new int[16];
    in[0] = 0x61707865; // "expand 32-byte k"
    in[5] = 0x3320646e;
    in[10] = 0x79622d32;
    in[15] = 0x6b206574;
    for (int i = 0; i < 4; i++) {
      in[1 + i] = Pack.littleEndianToInt(key, i * 4);
      in[11 + i] = Pack.littleEndianToInt(key, 16 + i * 4);
    }
    int[] x = new int[16];
    Salsa20Engine.salsaCore(20, in, x);
    // salsaCore adds the input back in (the Salsa20 feed-forward); HSalsa20 does not.
    int[] words = {0, 5, 10, 15, 6, 7, 8, 9};
    byte[] out = new byte[KEY_BYTES];
    for (int i = 0; i < words.length; i++) {
      Pack.intToLittleEndian(x[words[i]] - in[words[i]], out, i * 4);
    }
    return out;
  }
}
