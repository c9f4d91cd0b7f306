package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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
