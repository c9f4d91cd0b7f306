package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A held port stays the holder's until released, and is then free for the server it was for. */
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
}
