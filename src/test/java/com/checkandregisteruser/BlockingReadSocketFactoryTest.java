package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The read timeout of a plain-http call still holds when its sockets leave it to okio, and any
 * other SO_TIMEOUT still reaches the kernel.
 */
class BlockingReadSocketFactoryTest {
  private final MockWebServer hasura = new MockWebServer();
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    hasura.start();
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  /** The client the Application builds for {@code GRAPHQL_BASE_API}, read timeout 300 ms. */
  private OkHttpClient applicationClient(String graphqlBaseApi) throws FailureException {
    Map<String, String> settings = TestSettings.forUpstream(graphqlBaseApi);
    settings.put(Settings.GRAPHQL_READ_TIMEOUT_MS, "300");
    settings.put(Settings.GRAPHQL_CALL_TIMEOUT_MS, "20000");
    return Application.httpClient(Settings.fromMap(settings))
        .newBuilder()
        .eventListener(
            new EventListener() {
              @Override
              public void connectionAcquired(Call call, Connection connection) {
                sockets.add(connection.socket());
              }
            })
        .build();
  }

  private Response get(OkHttpClient http) throws IOException {
    return http.newCall(new Request.Builder().url(hasura.url("/v1/graphql")).build()).execute();
  }

  @Test
  void plainHttpClient_leavesTheReadTimeoutToOkio_andAnAnswerStillArrives() throws Exception {
    // given the Application's client for a plain-http Hasura
    OkHttpClient http = applicationClient(hasura.url("/").toString());
    hasura.enqueue(new MockResponse.Builder().body("{\"data\":{}}").build());

    // when it calls
    try (Response response = get(http)) {
      // then the answer is read, from a socket whose kernel timeout stayed 0 although OkHttp set
      // the read timeout on it
      assertEquals("{\"data\":{}}", response.body().string());
    }
    assertEquals(1, sockets.size());
    BlockingReadSocketFactory.BlockingReadSocket socket =
        assertInstanceOf(BlockingReadSocketFactory.BlockingReadSocket.class, sockets.get(0));
    assertEquals(300, socket.getSoTimeout());
    assertEquals(0, socket.kernelSoTimeout());
  }

  @ParameterizedTest(name = "read timeout {0} ms")
  // 300: a read timeout that okio covers. 1: the idle check's own value, whose read okio does not
  // cover, so the kernel must keep it even as the read timeout.
  @CsvSource({"300, 0", "1, 1"})
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theIdleChecksOneMillisecond_reachesTheKernel_soAReadWithNothingToReadEndsAtIt(
      int readTimeoutMillis, int kernelTimeoutForTheReadTimeout) throws Exception {
    // given a socket from a factory for that read timeout, connected to a server that accepts and
    // never writes
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket =
            new BlockingReadSocketFactory(readTimeoutMillis)
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      // when it is asked for 1 ms, as OkHttp's check of an idle connection does
      socket.setSoTimeout(1);

      // then the kernel is told 1 ms, and a read ends with a timeout instead of blocking
      BlockingReadSocketFactory.BlockingReadSocket blocking =
          assertInstanceOf(BlockingReadSocketFactory.BlockingReadSocket.class, socket);
      assertEquals(1, blocking.kernelSoTimeout());
      assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());

      // and when OkHttp restores the read timeout, the kernel gets 0 only where okio covers it
      socket.setSoTimeout(readTimeoutMillis);
      assertEquals(readTimeoutMillis, socket.getSoTimeout());
      assertEquals(kernelTimeoutForTheReadTimeout, blocking.kernelSoTimeout());
    }
  }

  // The two timeouts below: not speed limits. Their answers come 60 s late, so a read that closing
  // the socket did not wake would outlast JUnit's 10 s, and the test would fail instead of
  // passing late.
  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void headersLaterThanTheReadTimeout_endTheCallWithATimeout() throws Exception {
    // given Hasura answering its headers 60 s after the request, with a read timeout of 300 ms
    OkHttpClient http = applicationClient(hasura.url("/").toString());
    hasura.enqueue(
        new MockResponse.Builder().headersDelay(60, TimeUnit.SECONDS).body("{}").build());

    // when the client calls, then okio's timeout ends the read (no kernel timeout is left to)
    assertThrows(SocketTimeoutException.class, () -> get(http).close());
    assertInstanceOf(BlockingReadSocketFactory.BlockingReadSocket.class, sockets.get(0));
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBodyThatStallsPastTheReadTimeout_endsTheReadWithATimeout() throws Exception {
    // given headers at once and the body 60 s later
    OkHttpClient http = applicationClient(hasura.url("/").toString());
    hasura.enqueue(
        new MockResponse.Builder().bodyDelay(60, TimeUnit.SECONDS).body("{\"data\":{}}").build());

    // when the body is read, then the read ends with a timeout
    try (Response response = get(http)) {
      assertThrows(SocketTimeoutException.class, () -> response.body().string());
    }
  }

  @Test
  void httpsClient_andTheAuth0ClientDerivedFromAPlainOne_keepTheDefaultSockets() throws Exception {
    // given the Application's clients for an https Hasura and for a plain-http one
    OkHttpClient https =
        Application.httpClient(Settings.fromMap(TestSettings.forUpstream("https://h")));
    OkHttpClient plain = applicationClient("http://h");

    // then only the plain-http one uses the blocking-read sockets; Auth0's TLS needs SO_TIMEOUT
    assertFalse(https.socketFactory() instanceof BlockingReadSocketFactory);
    assertInstanceOf(BlockingReadSocketFactory.class, plain.socketFactory());
    assertFalse(Auth0Client.httpClient(plain).socketFactory() instanceof BlockingReadSocketFactory);
  }
}
