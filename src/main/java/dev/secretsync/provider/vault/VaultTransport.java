package dev.secretsync.provider.vault;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.ProtocolException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultRedirectStrategy;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;
import org.apache.http.ssl.SSLContexts;
import org.apache.http.util.EntityUtils;

/**
 * The HTTP exchange under {@link VaultHttp}: Apache HttpClient 4.5, which the executable already
 * carries for the AWS SDK. A no-op run reads every secret, one request each; measured on 2 cores
 * under the launcher's C1-only JIT, 10,000 reads cost ~0.085 ms of CPU each here against ~0.24 ms
 * with the JDK's {@code HttpClient}, whose asynchronous machinery hands every exchange between
 * threads. Blocking I/O on the caller's thread, a keep-alive pool per Vault address, no automatic
 * retries (the caller retries with backoff), no cookies, no compression; standby nodes' 307/308
 * redirects are followed for every method, body and headers kept.
 */
final class VaultTransport implements AutoCloseable {
  /** Connections kept per Vault address: more than any run's parallelism. */
  private static final int MAX_CONNECTIONS = 128;

  private final CloseableHttpClient client;

  /** One answer: its status and body bytes (empty when none). */
  record Answer(int status, byte[] body) {}

  /**
   * @param ssl TLS context, or null for the JDK's default trust
   * @param skipVerify whether host names go unchecked too (only with {@code skip_verify})
   */
  VaultTransport(SSLContext ssl, boolean skipVerify, Duration connect, Duration read) {
    TlsOnFirstUse tls =
        new TlsOnFirstUse(
            () ->
                new SSLConnectionSocketFactory(
                    ssl == null ? SSLContexts.createSystemDefault() : ssl,
                    null,
                    null,
                    skipVerify ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier()));
    PoolingHttpClientConnectionManager pool =
        new PoolingHttpClientConnectionManager(
            RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", tls)
                .build());
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setDefaultMaxPerRoute(MAX_CONNECTIONS);
    RequestConfig timeouts =
        RequestConfig.custom()
            .setConnectTimeout((int) connect.toMillis())
            .setSocketTimeout((int) read.toMillis())
            .setConnectionRequestTimeout((int) read.toMillis())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(timeouts)
            .setRedirectStrategy(new EveryMethodRedirects())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setUserAgent("secretsync")
            .build();
  }

  /** Sends one request and reads the whole answer; I/O failures are the caller's to retry. */
  Answer send(String method, String url, Map<String, String> headers, byte[] body)
      throws IOException {
    RequestBuilder b = RequestBuilder.create(method).setUri(URI.create(url));
    headers.forEach(b::setHeader);
    if (body != null) {
      b.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    }
    try (CloseableHttpResponse r = client.execute(b.build())) {
      byte[] bytes = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity());
      return new Answer(r.getStatusLine().getStatusCode(), bytes);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // Closing idle connections: nothing to report.
    }
  }

  /**
   * Follows 307 and 308 for every method (Vault standbys answer writes with them too), as the JDK's
   * {@code Redirect.NORMAL} did; the request is copied, method and body included.
   */
  private static final class EveryMethodRedirects extends DefaultRedirectStrategy {
    @Override
    protected boolean isRedirectable(String method) {
      return true;
    }

    @Override
    public boolean isRedirected(HttpRequest request, HttpResponse response, HttpContext context)
        throws ProtocolException {
      int status = response.getStatusLine().getStatusCode();
      return (status == 307 || status == 308 || super.isRedirected(request, response, context))
          && response.getFirstHeader("location") != null;
    }
  }

  /**
   * The TLS socket factory, made on the first https connection: the JDK's default context loads and
   * parses the trust store (~100 ms of a start on 2 cores), which an {@code http://} Vault — a dev
   * server, a sidecar on localhost — never needs, and which otherwise ran before the first Vault
   * call.
   */
  private static final class TlsOnFirstUse implements LayeredConnectionSocketFactory {
    private final Supplier<SSLConnectionSocketFactory> create;
    private SSLConnectionSocketFactory tls;

    TlsOnFirstUse(Supplier<SSLConnectionSocketFactory> create) {
      this.create = create;
    }

    private synchronized SSLConnectionSocketFactory tls() {
      if (tls == null) {
        tls = create.get();
      }
      return tls;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
      return tls().createSocket(context);
    }

    @Override
    public Socket connectSocket(
        int connectTimeout,
        Socket socket,
        HttpHost host,
        InetSocketAddress remoteAddress,
        InetSocketAddress localAddress,
        HttpContext context)
        throws IOException {
      return tls()
          .connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
        throws IOException {
      return tls().createLayeredSocket(socket, target, port, context);
    }
  }
}
