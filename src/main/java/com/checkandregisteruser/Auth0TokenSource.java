package com.checkandregisteruser;

import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The social tokens of a login from Auth0's Management API, for the Auth0 user id in {@code
 * x-hasura-user-id}: the tokens never travel through the browser, the JWT or Hasura's logs.
 *
 * <p>Each call has one time budget for all its requests to Auth0 (waiting for a management token, a
 * rate limit, the users call and its one retry with a new token after a 401), cut short to what is
 * left of the login's budget.
 */
public final class Auth0TokenSource implements TokenSource {
  private final Auth0Client client;
  private final ManagementTokenCache managementTokens;
  private final Duration budget;
  private final Ticker ticker;

  Auth0TokenSource(Auth0Client client, Duration budget, Ticker ticker) {
    this.client = client;
    this.managementTokens =
        new ManagementTokenCache(
            new ManagementTokenCache.Fetcher() {
              @Override
              public ManagementToken fetch(Deadline deadline) throws FailureException {
                return client.managementToken(deadline);
              }
            },
            ticker);
    this.budget = budget;
    this.ticker = ticker;
  }

  /**
   * A source on the process's shared client.
   *
   * @param budget how long one call may spend on Auth0 in all
   */
  public static Auth0TokenSource create(
      OkHttpClient shared, Auth0Settings settings, Duration budget) {
    return new Auth0TokenSource(
        new Auth0Client(Auth0Client.httpClient(shared), settings, Ticker.SYSTEM),
        budget,
        Ticker.SYSTEM);
  }

  /**
   * Obtains the management token for the invocations to come, within one call's budget, through the
   * cache they use: the first invocation then makes no token request, and its users call goes over
   * the (TLS) connection this request leaves in the shared pool.
   *
   * @throws FailureException the token could not be had; nothing is cached, so the first invocation
   *     fetches it as it would have without the warm-up
   */
  void warmUp() throws FailureException {
    managementTokens.warmUp(Deadline.after(budget, ticker));
  }

  /** While Auth0's last 429 asks this process to wait. */
  @Override
  public boolean holdsBackRefreshes() {
    return client.rateLimited();
  }

  /**
   * {@inheritDoc}
   *
   * @throws FailureException every Auth0 failure, already mapped (transport errors included)
   */
  @Override
  public LoginTokens tokensFor(ActionRequest request, Duration timeLeft) throws FailureException {
    String userId = request.username();
    Deadline deadline = Deadline.after(timeLeft.compareTo(budget) < 0 ? timeLeft : budget, ticker);
    ManagementToken token = managementTokens.get(deadline);
    Optional<LoginTokens> tokens = client.identityTokens(userId, token, deadline);
    if (tokens.isPresent()) {
      return tokens.get();
    }
    // Revoked or expired early: one new token, one retry.
    managementTokens.invalidate(token);
    ManagementToken renewed = managementTokens.get(deadline);
    Optional<LoginTokens> retried = client.identityTokens(userId, renewed, deadline);
    if (retried.isPresent()) {
      return retried.get();
    }
    throw SettingValues.misconfigured(
        Auth0Settings.AUTH0_DOMAIN,
        "gives management tokens that its Management API rejects even when new"
            + " (HTTP 401 from /api/v2/users): use the tenant's own domain, not a"
            + " custom domain");
  }
}
