package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** A port nothing listens on right now, for servers that must know their port before starting. */
public final class FreePort {
  private FreePort() {}

  /**
   * Returns a port that was free a moment ago (another process may take it before it is used; good
   * enough on a developer's machine and in tests). Also a port to expect "connection refused" on.
   */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** Where {@link #forLongLivedServer} looks: below every OS's ephemeral range (see there). */
  private static final int LONG_LIVED_LOW = 20000;

  private static final int LONG_LIVED_HIGH = 30000;

  /**
   * Returns a free port below the ephemeral range (Linux 32768-60999, Windows and macOS from
   * 49152), for a server that must keep its port across a stop and a restart, as PostgreSQL does in
   * the "database down" tests. Nothing else takes such a port by itself: the local ends of outgoing
   * connections and every {@code ServerSocket(0)} (MockWebServer's included) draw from the
   * ephemeral range, where a port {@link #pick}ed for PostgreSQL was once taken by one of them.
   */
  public static int forLongLivedServer() {
    return freeBetween(LONG_LIVED_LOW, LONG_LIVED_HIGH);
  }

  /** A free loopback port from {@code low} (inclusive) to {@code high} (exclusive), at random. */
  static int freeBetween(int low, int high) {
    IOException last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(low, high);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        last = e; // most likely something listens there: try another
      }
    }
    throw new UncheckedIOException(
        "no free port from " + low + " to " + (high - 1) + " in 100 tries", last);
  }

  /**
   * Holds a free port until {@link Held#close}, for a server that must be known by its port long
   * before it starts. While held, nothing else can take it, the local end of an outgoing connection
   * included (the JDBC and HTTP connections made meanwhile draw from the same ephemeral range: a
   * port {@link #pick}ed before PostgreSQL started was once taken by one of them).
   */
  public static Held hold() {
    try {
      return new Held(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** A held port; close it right before the server binds it. */
  public static final class Held implements AutoCloseable {
    private final ServerSocket socket;

    private Held(ServerSocket socket) {
      this.socket = socket;
    }

    public int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot release port " + port(), e);
      }
    }
  }
}
