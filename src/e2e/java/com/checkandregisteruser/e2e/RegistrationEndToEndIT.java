package com.checkandregisteruser.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.Settings;
import com.checkandregisteruser.sandbox.SandboxStack;
import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's flow over real HTTP and real PostgreSQL: web app → Hasura (sandbox) → function (local
 * host) → Hasura → PostgreSQL, checking the rows that end up stored.
 */
class RegistrationEndToEndIT {
  private static SandboxStack stack;
  private static Rows rows;
  private static String graphql;
  private static final HostLog hostLog = new HostLog();

  @BeforeAll
  static void startStack() {
    // Generous timeouts: these tests are about correctness under concurrency on a small, busy
    // machine.
    stack =
        SandboxStack.builder()
            .functionSettings(
                Map.of(
                    // The 2-s production default for connecting to Hasura was the one left, and
                    // under load the sandbox's accept queue made a connect miss it (504).
                    Settings.GRAPHQL_CONNECT_TIMEOUT_MS,
                    "20000",
                    Settings.GRAPHQL_READ_TIMEOUT_MS,
                    "20000",
                    Settings.GRAPHQL_CALL_TIMEOUT_MS,
                    "20000"))
            .hostLog(hostLog.stream())
            .actionTimeout(Duration.ofSeconds(90))
            .start();
    rows = new Rows(stack.postgres().dataSource());
    graphql = stack.sandbox().baseUrl() + "/v1/graphql";
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void emptyTables() {
    stack.postgres().truncateAllTables();
    hostLog.clear();
  }

  private static String jwt(String username) {
    return Logins.jwt(stack, username);
  }

  @Test
  void firstLogin_createsOneUserAccountAndLink_secondLoginWritesNothing() {
    Http.Answer first = Http.mutation(graphql, jwt("alice"));

    assertEquals(200, first.status(), first.body());
    assertTrue(first.json().has("data"), first.body());
    assertEquals(3, first.affectedRows(), first.body());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));

    Http.Answer second = Http.mutation(graphql, jwt("alice"));

    assertEquals(0, second.affectedRows(), second.body());
    assertEquals(1, rows.count("\"user\""));
    assertEquals(1, rows.count("account"));
    assertEquals(1, rows.count("account_user"));
  }

  @Test
  void tokens_areStoredEncryptedForTheirUserAndColumn() throws Exception {
    Http.mutation(graphql, jwt("alice"));

    List<String> stored = rows.tokensOf("alice");
    TokenCipher cipher =
        TokenKeys.fromSettings(stack.functionSettings()).cipher(new SecureRandom());

    assertEquals(2, stored.size());
    assertFalse(stored.get(0).contains("oauth-token-of-alice"), stored.get(0));
    assertTrue(stored.get(0).startsWith("v1:k1:"), stored.get(0));
    assertEquals(
        List.of("oauth-token-of-alice", "oauth-secret-of-alice"),
        rows.decryptedTokensOf("alice", cipher));
  }

  @Test
  void fiftySimultaneousFirstLogins_registerTheUserExactlyOnce() throws Exception {
    List<Http.Answer> answers = concurrently(50, i -> Http.mutation(graphql, jwt("bob")));

    for (Http.Answer answer : answers) {
      assertEquals(200, answer.status(), answer.body());
      assertTrue(answer.json().has("data"), answer.body());
    }
    assertEquals(
        1,
        answers.stream().filter(a -> a.affectedRows() == 3).count(),
        "exactly one login created the user");
    assertEquals(49, answers.stream().filter(a -> a.affectedRows() == 0).count());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("bob"));
    assertEquals(1, rows.count("account_user"));
  }

  @Test
  void simultaneousFirstLoginsWithDifferentTokens_storeALosersTokensNotOnlyTheWinners()
      throws Exception {
    // Given twenty first logins of carol at once, each with tokens of its own
    List<Http.Answer> answers =
        concurrently(
            20,
            i ->
                Http.mutation(
                    graphql,
                    stack
                        .jwts()
                        .forUser("carol")
                        .accessToken("oauth-token-of-carol-" + i)
                        .accessTokenSecret("oauth-secret-of-carol-" + i)
                        .sign()));

    // Then one login created her; every other one lost the race, found tokens not its own, and
    // stored its own (1), so the tokens left are those of a login that answered 1
    List<Integer> storedTheirTokens = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      Http.Answer answer = answers.get(i);
      assertTrue(
          answer.json().has("data"), () -> answer.body() + "\n" + hostLog.ofFailedInvocations());
      if (answer.affectedRows() == 1) {
        storedTheirTokens.add(i);
      }
    }
    assertEquals(1, answers.stream().filter(a -> a.affectedRows() == 3).count());
    assertEquals(19, storedTheirTokens.size());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("carol"));
    TokenCipher cipher =
        TokenKeys.fromSettings(stack.functionSettings()).cipher(new SecureRandom());
    List<String> stored = rows.decryptedTokensOf("carol", cipher);
    int storedBy = Integer.parseInt(stored.get(0).substring("oauth-token-of-carol-".length()));
    assertTrue(storedTheirTokens.contains(storedBy), stored.toString());
    assertEquals("oauth-secret-of-carol-" + storedBy, stored.get(1));
  }

  @Test
  void twoHundredDifferentUsersAtOnce_areAllRegisteredOnce() throws Exception {
    List<Http.Answer> answers = concurrently(200, i -> Http.mutation(graphql, jwt("user-" + i)));

    for (Http.Answer answer : answers) {
      assertTrue(
          answer.json().has("data"), () -> answer.body() + "\n" + hostLog.ofFailedInvocations());
      assertEquals(3, answer.affectedRows(), answer.body());
    }
    assertEquals(200, rows.count("\"user\""));
    assertEquals(200, rows.count("account"));
    assertEquals(200, rows.count("account_user"));
    assertEquals(
        200,
        rows.count(
            "(select distinct u.username from account_user l join \"user\" u on u.id = l.user_id"
                + " join account a on a.id = l.account_id where u.username = a.account_name) pairs"));
  }

  /** Runs {@code count} calls at once, released together, and returns every answer. */
  private static List<Http.Answer> concurrently(
      int count, java.util.function.IntFunction<Http.Answer> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Http.Answer>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        Callable<Http.Answer> task =
            () -> {
              start.await();
              return call.apply(index);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Http.Answer> answers = new ArrayList<>();
      for (Future<Http.Answer> future : futures) {
        answers.add(future.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
