package com.checkandregisteruser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Plain-http sockets whose reads block in the kernel while the client's read timeout is in force,
 * because okio enforces that timeout already.
 *
 * <p>Why: with {@code SO_TIMEOUT} set, the JDK's socket makes every read non-blocking. A read that
 * finds the answer not there yet (the usual case: Hasura is still working) costs a read that fails
 * with {@code EAGAIN}, a {@code poll} and the read again, where a blocking read is one system call.
 * For every exchange OkHttp sets both {@code SO_TIMEOUT} and okio's timeout on the socket's source
 * to the read timeout ({@code RealConnection.newCodec}), and okio's watchdog ends a read at that
 * timeout by closing the socket, which OkHttp reports as a {@code SocketTimeoutException}. So these
 * sockets keep the kernel's timeout at 0 when asked for the read timeout: it is still enforced on
 * every read, once instead of twice. Measured in bench/README.md.
 *
 * <p>Any other {@code SO_TIMEOUT} goes to the kernel as asked. OkHttp's check of a connection that
 * sat idle for 10 s or more ({@code Socket.isHealthy}) sets 1 ms and reads, with no okio timeout
 * and no call timeout able to end it: a socket that ignored it would block that read until Hasura
 * closed the connection, which it does not do (IdleConnectionIT). So 1 ms always reaches the
 * kernel, even when it is also the read timeout. After such a check the JDK keeps the socket
 * non-blocking, so its reads cost what they cost without this factory.
 *
 * <p>The saving is Java 17's: there a connect with a timeout leaves the socket blocking. From the
 * JDK's virtual-thread rework on (checked on JDK 25), such a connect makes the socket non-blocking
 * for good, and its reads are {@code EAGAIN}, {@code poll} and read again with or without this
 * factory: the same timeouts, no saving.
 *
 * <p>Only for a client that speaks plain http: a TLS handshake over one of these would have no
 * kernel timeout, only the call timeout, and okio's timeout does not cover the handshake. Auth0's
 * client therefore goes back to the default factory ({@link Auth0Client#httpClient}).
 */
final class BlockingReadSocketFactory extends SocketFactory {
  private final int readTimeoutMillis;

  /** Sockets for a client whose read timeout is {@code readTimeoutMillis}. */
  BlockingReadSocketFactory(int readTimeoutMillis) {
    this.readTimeoutMillis = readTimeoutMillis;
  }

  @Override
  public Socket createSocket() {
    return new BlockingReadSocket(readTimeoutMillis);
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

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
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

  /** A socket that leaves the read timeout to okio and passes any other timeout to the kernel. */
  static final class BlockingReadSocket extends Socket {
    /** What {@code Socket.isHealthy} sets (OkHttp 5): the kernel must always get it. */
    private static final int IDLE_CHECK_MILLIS = 1;

    private final int readTimeoutMillis;
    private int requested;

    BlockingReadSocket(int readTimeoutMillis) {
      this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
      boolean leftToOkio = timeout == readTimeoutMillis && timeout != IDLE_CHECK_MILLIS;
      super.setSoTimeout(leftToOkio ? 0 : timeout);
      requested = timeout;
    }

    /** The timeout last asked for, so that code restoring it restores what it asked for. */
    @Override
    public synchronized int getSoTimeout() {
      return requested;
    }

    /** What the kernel was told: 0 while the read timeout is in force. */
    synchronized int kernelSoTimeout() throws SocketException {
      return super.getSoTimeout();
    }
  }
}
