package com.checkandregisteruser.local;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Where the tools make every JDK HTTP server (the local host, the sandbox, the Management API
 * stand-in, the cold-start probe), so that the JDK's server settings are in place before the first
 * one exists: the JDK reads them once per JVM, when its first server is created. Unless the JVM was
 * given other values, they make it behave like the servers it stands in for (the Functions host,
 * Hasura):
 *
 * <ul>
 *   <li>Nagle's algorithm off ({@code sun.net.httpserver.nodelay}): the JDK leaves it on, which
 *       delays each small answer by up to ~40 ms (measured with bench/run: 21 vs 490 requests/s at
 *       one connection).
 *   <li>Up to 1000 idle connections ({@code sun.net.httpserver.maxIdleConnections}): past 200 the
 *       JDK closes each newly idle connection without a word, after answering on it with
 *       keep-alive, and a client that reuses one gets a reset. The end-to-end test of 200 users at
 *       once met it; Hasura keeps idle connections open.
 * </ul>
 *
 * <p>{@code LayoutIT} fails if a server is created anywhere else.
 */
public final class JdkHttpServers {
  private JdkHttpServers() {}

  /** {@link HttpServer#create(InetSocketAddress, int)}, after the settings above. */
  public static HttpServer http(InetSocketAddress address, int backlog) throws IOException {
    configure();
    return HttpServer.create(address, backlog);
  }

  /** {@link HttpsServer#create(InetSocketAddress, int)}, after the settings above. */
  public static HttpsServer https(InetSocketAddress address, int backlog) throws IOException {
    configure();
    return HttpsServer.create(address, backlog);
  }

  private static void configure() {
    setUnlessGiven("sun.net.httpserver.nodelay", "true");
    setUnlessGiven("sun.net.httpserver.maxIdleConnections", "1000");
  }

  private static void setUnlessGiven(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
