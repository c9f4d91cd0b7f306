package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A held port stays the holder's until released, and is then free for the server it was for; a
 * long-lived server's port is free and outside the range the OS hands out by itself.
 */
class FreePortIT {
  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  @Test
  void aHeldPort_cannotBeTakenUntilReleased_thenTheServerBindsIt() throws IOException {
    // given a held port
    FreePort.Held held = FreePort.hold();
    int port = held.port();

    // then nobody else can bind it while it is held
    assertThrows(BindException.class, () -> bind(port).close());

    // when it is released, then the server it was held for binds it
    held.close();
    try (ServerSocket server = bind(port)) {
      assertEquals(port, server.getLocalPort());
    }
  }

  @Test
  void aLongLivedServersPort_liesBelowTheEphemeralRange_andIsFree() throws IOException {
    // when a port is chosen for a server that keeps it across restarts
    int port = FreePort.forLongLivedServer();

    // then it is below Linux's ephemeral range (32768-60999), which ServerSocket(0) and outgoing
    // connections draw from, and the server can bind it
    assertTrue(port >= 20000 && port < 30000, "port " + port);
    try (ServerSocket server = bind(port)) {
      assertEquals(port, server.getLocalPort());
    }
  }

  @Test
  void aPortSomethingListensOn_isNeverChosen() throws IOException {
    // given a range of two ports, the first of which a server listens on; below the ephemeral
    // range, so that no other test's outgoing connection takes the second one meanwhile
    int taken = FreePort.forLongLivedServer();
    try (ServerSocket server = bind(taken)) {
      // when free ports are chosen from it, many times
      for (int i = 0; i < 20; i++) {
        // then it is always the other one
        assertEquals(taken + 1, FreePort.freeBetween(taken, taken + 2));
      }
    }
  }
}
