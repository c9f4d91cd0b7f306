package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
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
}
