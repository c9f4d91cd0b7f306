package com.checkandregisteruser.e2e;

import static com.checkandregisteruser.ActionCalls.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.checkandregisteruser.ActionResponse;
import com.checkandregisteruser.Application;
import com.checkandregisteruser.HasuraAnswers;
import com.checkandregisteruser.TestSettings;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A login over a pooled connection that sat idle past 10 s, where OkHttp checks a connection before
 * it sends a POST on it: the check reads with a 1 ms SO_TIMEOUT, so anything that keeps a socket
 * from taking that timeout makes the login hang until its call times out. Hasura keeps idle
 * connections open; MockWebServer does too (bench/'s stub does not, which is why this is here).
 */
class IdleConnectionIT {
  private static final Map<String, String> HEADERS =
      Map.of("content-type", "application/json", "authorization", "Bearer header.payload.sig");

  private final MockWebServer hasura = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    hasura.start();
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  @Test
  // Not a speed limit: a regression here hangs in a read that nothing interrupts, and without this
  // the suite would hang with it instead of failing.
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aLoginAfterTheConnectionSatIdleElevenSeconds_isAnsweredOverTheSameConnection()
      throws Exception {
    // given an application that answered one login over its one connection to Hasura
    Application application =
        Application.fromSettings(TestSettings.forUpstream(hasura.url("/").toString()));
    hasura.enqueue(HasuraAnswers.userFound("alice"));
    hasura.enqueue(HasuraAnswers.userFound("alice"));
    assertEquals(200, application.handle(HEADERS, Optional.of(payload("alice"))).status());

    // when the next login comes after the connection sat idle for 11 s
    TimeUnit.SECONDS.sleep(11);
    ActionResponse second = application.handle(HEADERS, Optional.of(payload("alice")));

    // then it is answered, and over the same connection
    assertEquals(200, second.status(), second.body());
    assertEquals("{\"affected_rows\":0}", second.body());
    assertEquals(0, hasura.takeRequest().getConnectionIndex());
    assertEquals(0, hasura.takeRequest().getConnectionIndex());
  }
}
