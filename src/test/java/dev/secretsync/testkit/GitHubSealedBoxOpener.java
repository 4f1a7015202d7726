package dev.secretsync.testkit;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.Pack;

/**
 * libsodium's {@code crypto_box_seal_open}, the emulator's side of GitHub's secret encryption.
 * Written apart from the provider's sealing code on purpose: the emulator must decrypt what a
 * libsodium client would, not what our encryptor happens to do.
 */
final class GitHubSealedBoxOpener {
  private GitHubSealedBoxOpener() {}

  /** The plaintext, or empty when the box does not open with this key pair. */
  static Optional<byte[]> open(byte[] sealed, byte[] publicKey, byte[] secretKey) {
    if (sealed.length < 32 + 16) {
      return Optional.empty();
    }
    byte[] ephemeral = Arrays.copyOfRange(sealed, 0, 32);
    Blake2bDigest d = new Blake2bDigest(192);
    d.update(ephemeral, 0, 32);
    d.update(publicKey, 0, 32);
    byte[] nonce = new byte[24];
    d.doFinal(nonce, 0);
    byte[] shared = new byte[32];
    if (!X25519.calculateAgreement(secretKey, 0, ephemeral, 0, shared, 0)) {
      return Optional.empty();
    }
    XSalsa20Engine stream = new XSalsa20Engine();
    stream.init(false, new ParametersWithIV(new KeyParameter(hsalsa20(shared)), nonce));
    byte[] macKey = new byte[32];
    stream.processBytes(new byte[32], 0, 32, macKey, 0);
    int n = sealed.length - 48;
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(sealed, 48, n);
    byte[] tag = new byte[16];
    mac.doFinal(tag, 0);
    if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(sealed, 32, 48))) {
      return Optional.empty();
    }
    byte[] plain = new byte[n];
    stream.processBytes(sealed, 48, n, plain, 0);
    return Optional.of(plain);
  }

  /** A new X25519 key pair: {secret, public}. */
  static byte[][] keyPair() {
    byte[] secret = new byte[32];
    X25519.generatePrivateKey(new SecureRandom(), secret);
    byte[] pub = new byte[32];
    X25519.generatePublicKey(secret, 0, pub, 0);
    return new byte[][] {secret, pub};
  }

  private static byte[] hsalsa20(byte[] k) {
    int[] s = new int[16];
    s[0] = 0x61707865;
    s[5] = 0x3320646e;
    s[10] = 0x79622d32;
    s[15] = 0x6b206574;
    for (int i = 0; i < 4; i++) {
      s[1 + i] = Pack.littleEndianToInt(k, 4 * i);
      s[11 + i] = Pack.littleEndianToInt(k, 16 + 4 * i);
    }
    int[] x = new int[16];
    Salsa20Engine.salsaCore(20, s, x);
    byte[] out = new byte[32];
    int[] pick = {0, 5, 10, 15, 6, 7, 8, 9};
    for (int i = 0; i < 8; i++) {
      Pack.intToLittleEndian(x[pick[i]] - s[pick[i]], out, 4 * i);
    }
    return out;
  }
}
