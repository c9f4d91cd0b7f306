package com.checkandregisteruser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain-http sockets whose reads block in the kernel: they ignore {@code SO_TIMEOUT}, and okio
 * alone enforces the read timeout.
 *
 * <p>Why: with {@code SO_TIMEOUT} set, the JDK's socket makes every read non-blocking. A read that
 * finds the answer not there yet (the usual case: Hasura is still working) costs a read that fails
 * with {@code EAGAIN}, a {@code poll} and the read again, where a blocking read is one system call.
 * OkHttp sets both {@code SO_TIMEOUT} and okio's timeout on the socket's source ({@code
 * RealConnection.newCodec}), and okio's watchdog ends a read at the read timeout by closing the
 * socket, which OkHttp reports as a {@code SocketTimeoutException}. So the read timeout is still
 * enforced on every read, once instead of twice. Measured: the existing-user call's CPU fell by
 * about a twelfth (bench/README.md).
 *
 * <p>Only for a client that speaks plain http: a TLS socket layered on one of these would do its
 * handshake without any kernel timeout, and okio's timeout does not cover the handshake. Auth0's
 * client therefore goes back to the default factory ({@link Auth0Client#httpClient}).
 */
final class BlockingReadSocketFactory extends SocketFactory {

  @Override
  public Socket createSocket() {
    return new BlockingReadSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  private static Socket connected(InetSocketAddress remote, InetSocketAddress local)
      throws IOException {
    Socket socket = new BlockingReadSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** A socket that keeps {@code SO_TIMEOUT} at 0, whatever it is asked to set. */
  static final class BlockingReadSocket extends Socket {
    @Override
    public void setSoTimeout(int timeout) {
      // Deliberately nothing: see the class comment.
    }
  }
}
