package dev.secretsync.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.GitHubEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SealedBoxTest {
  private static final HexFormat HEX = HexFormat.of();

  // NaCl's tests/box.c vector (also libsodium's box test): Alice's secret key, Bob's public key.
  private static final byte[] ALICE_SK =
      HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  private static final byte[] BOB_PK =
      HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  private static final byte[] NONCE =
      HEX.parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
  private static final byte[] MESSAGE =
      HEX.parseHex(
          "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728"
              + "d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556a"
              + "d6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776"
              + "3848645e0705");
  private static final String BOXED =
      "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531"
          + "a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8"
          + "ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b3797"
          + "3f622a43d14a6599b1f654cb45a74e355a5";

  @Test
  void boxMatchesTheNaclKnownAnswer() {
    byte[] boxed = SealedBox.box(MESSAGE, NONCE, BOB_PK, ALICE_SK);

    assertThat(HEX.formatHex(boxed)).isEqualTo(BOXED);
  }

  @Test
  void hsalsa20OfTheSharedSecretIsNaclsFirstKey() {
    // X25519(alice, bob) from RFC 7748 §6.1, then NaCl's tests/core1.c output.
    byte[] shared =
        HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    assertThat(HEX.formatHex(SealedBox.hsalsa20(shared)))
        .isEqualTo("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
  }

  @Test
  void theEmulatorHoldingThePrivateKeyOpensExactlyWhatWeSealed() {
    try (GitHubEmulator gh = GitHubEmulator.start()) {
      String[] key = gh.publicKey("acme", "api", "actions");
      String value = "{\"password\":\"s3cr3t-ü\"}";

      byte[] sealed =
          SealedBox.seal(
              value.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(key[1]));

      assertThat(sealed).hasSize(32 + 16 + value.getBytes(StandardCharsets.UTF_8).length);
      assertThat(gh.open("acme", "api", "actions", Base64.getEncoder().encodeToString(sealed)))
          .contains(value);
    }
  }

  @Test
  void aBoxSealedForAnotherScopeDoesNotOpen() {
    try (GitHubEmulator gh = GitHubEmulator.start()) {
      byte[] other = Base64.getDecoder().decode(gh.publicKey("acme", "api", "dependabot")[1]);

      byte[] sealed = SealedBox.seal("x".getBytes(StandardCharsets.UTF_8), other);

      assertThat(gh.open("acme", "api", "actions", Base64.getEncoder().encodeToString(sealed)))
          .isEmpty();
    }
  }

  @Test
  void twoSealsOfOneValueDiffer() {
    byte[] pk = SealedBox.seal(new byte[0], BOB_PK); // any valid key works for this check

    byte[] a = SealedBox.seal("same".getBytes(StandardCharsets.UTF_8), BOB_PK);
    byte[] b = SealedBox.seal("same".getBytes(StandardCharsets.UTF_8), BOB_PK);

    assertThat(pk).hasSize(48);
    assertThat(a).isNotEqualTo(b);
  }
}
