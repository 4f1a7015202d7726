package dev.secretsync.provider.vault;

import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS for the Vault client: a CA bundle to trust ({@code ca_cert}), or no verification. */
final class VaultTls {
  private VaultTls() {}

  /**
   * The context for these settings, or null for the JDK default.
   *
   * @throws ProviderException when the CA file cannot be read or holds no certificate
   */
  static SSLContext context(Path caCert, boolean skipVerify) {
    try {
      if (skipVerify) {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        return ctx;
      }
      if (caCert == null) {
        return null;
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      Collection<? extends Certificate> certs;
      try (InputStream in = Files.newInputStream(caCert)) {
        certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certs.isEmpty()) {
        throw new ProviderException(
            "vault", "configure", false, "CA file " + caCert + " holds no PEM certificate");
      }
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("vault-ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new ProviderException(
          "vault",
          "configure",
          false,
          "cannot use CA file "
              + caCert
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Accepts every certificate and host name ({@code skip_verify}: testing only). Being an {@link
   * X509ExtendedTrustManager}, it also stands in for the JDK's host name check.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
