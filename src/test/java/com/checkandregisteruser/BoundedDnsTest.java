package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A name lookup never holds a call longer than its limit, however long the resolver takes. */
class BoundedDnsTest {
  private static final List<InetAddress> LOOPBACK = List.of(InetAddress.getLoopbackAddress());

  private final HeldResolver resolver = new HeldResolver();

  @AfterEach
  void releaseTheResolver() {
    resolver.answer.countDown();
  }

  /** A resolver that answers only once the test lets it, counting the lookups it was asked. */
  private static final class HeldResolver implements Dns {
    final CountDownLatch answer = new CountDownLatch(1);
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
      lookups.incrementAndGet();
      try {
        answer.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnknownHostException("interrupted");
      }
      if (hostname.endsWith(".invalid")) {
        throw new UnknownHostException(hostname + ": no such name");
      }
      return LOOPBACK;
    }
  }

  /** A login's lookup query through {@code http} to a Hasura by name, which must fail. */
  private static IOException failedQuery(OkHttpClient http) {
    GraphQlClient client =
        new GraphQlClient(http, HttpUrl.get("http://hasura.example.com/v1/graphql"));
    return assertThrows(
        IOException.class,
        () ->
            client.execute(
                GraphQlOperation.of("query { user { username } }"),
                new com.google.gson.JsonObject(),
                "Bearer t",
                Duration.ofMinutes(1)));
  }

  @Test
  void aResolverSlowerThanTheLimit_isAnUnknownHost_whileItsLookupGoesOn() {
    // given a resolver that has not answered
    BoundedDns dns = new BoundedDns(resolver, Duration.ofMillis(50));

    // when a call looks a name up
    UnknownHostException e =
        assertThrows(UnknownHostException.class, () -> dns.lookup("hasura.example.com"));

    // then it gives up at the limit, naming the host and the limit, without the resolver's answer
    assertEquals(
        "hasura.example.com: no answer from the name resolver within 50 ms", e.getMessage());
    assertEquals(1, resolver.answer.getCount(), "the resolver has still not answered");
  }

  @Test
  void callsDuringALookup_waitForThatLookup_ratherThanStartingMore() {
    BoundedDns dns = new BoundedDns(resolver, Duration.ofMillis(50));

    for (int call = 0; call < 3; call++) {
      assertThrows(UnknownHostException.class, () -> dns.lookup("hasura.example.com"));
    }

    assertEquals(1, resolver.lookups.get(), "one lookup in flight for the name, not one per call");
  }

  @Test
  void anAnswerWithinTheLimit_isTheResolversAnswer() throws UnknownHostException {
    resolver.answer.countDown();
    BoundedDns dns = new BoundedDns(resolver, Duration.ofSeconds(10));

    assertEquals(LOOPBACK, dns.lookup("hasura.example.com"));
  }

  @Test
  void aNameTheResolverDoesNotKnow_isItsOwnUnknownHost() {
    resolver.answer.countDown();
    BoundedDns dns = new BoundedDns(resolver, Duration.ofSeconds(10));

    UnknownHostException e =
        assertThrows(UnknownHostException.class, () -> dns.lookup("hasura.invalid"));

    assertEquals("hasura.invalid: no such name", e.getMessage());
  }

  @Test
  void afterALookupEnds_theNextConnectionAsksTheResolverAgain() throws Exception {
    resolver.answer.countDown();
    BoundedDns dns = new BoundedDns(resolver, Duration.ofSeconds(10));
    dns.lookup("hasura.example.com");

    // The finished lookup leaves the table just after it answered: wait for that, then ask again.
    for (int wait = 0; wait < 100 && resolver.lookups.get() < 2; wait++) {
      dns.lookup("hasura.example.com");
      Thread.sleep(10);
    }

    assertTrue(resolver.lookups.get() >= 2, "lookups: " + resolver.lookups.get());
  }

  @Test
  void aCallWhoseTimeoutPassesDuringTheLookup_endsAsThatTimeout_notAsAnUnknownHost() {
    // given a call limited to 50 ms and a lookup limited to 300 ms, with a resolver that is stuck
    OkHttpClient http =
        new OkHttpClient.Builder()
            .callTimeout(Duration.ofMillis(50))
            .dns(new BoundedDns(resolver, Duration.ofMillis(300)))
            .build();

    // when the call goes out
    IOException e = failedQuery(http);

    // then OkHttp reports its own timeout (504), not an unknown host, once the lookup gives up
    assertEquals("timeout", e.getMessage());
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, GraphQlClient.transportFailure(e).kind());
    assertEquals(1, resolver.answer.getCount(), "the resolver has still not answered");
  }

  @Test
  void theFunctionsClient_endsACallWhoseHostDoesNotResolve_atTheConnectTimeout()
      throws FailureException {
    // given the function's client for a Hasura by name, with a 100 ms connect timeout, and a
    // resolver that does not answer
    Map<String, String> values = TestSettings.forUpstream("http://hasura.example.com");
    values.put(Settings.GRAPHQL_CONNECT_TIMEOUT_MS, "100");
    Settings settings = Settings.fromMap(values);
    OkHttpClient http = Application.httpClient(settings, resolver);

    // when a login's lookup goes out
    IOException e = failedQuery(http);

    // then the call ends as Hasura being unreachable while the resolver is still busy
    Failure failure = GraphQlClient.transportFailure(e);
    assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, failure.kind());
    assertEquals(
        "cannot reach Hasura (UnknownHostException: hasura.example.com: no answer from the name"
            + " resolver within 100 ms)",
        failure.detail());
    assertEquals(1, resolver.answer.getCount(), "the resolver has still not answered");
  }
}
