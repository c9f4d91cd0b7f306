package com.checkandregisteruser;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Azure Function that Hasura calls as the {@code checkAndRegisterUser} action's webhook.
 *
 * <p>The Java worker makes a new instance for every invocation and runs invocations concurrently,
 * so the instance holds nothing but the process-wide {@link Application}.
 */
public class CheckAndRegisterUserFunction {
  private final Application application;

  /** Used by the Java worker: the settings are the process environment, read once. */
  public CheckAndRegisterUserFunction() {
    this(Shared.APPLICATION);
  }

  /** Used by hosts and tests that supply the application (and so the settings) themselves. */
  public CheckAndRegisterUserFunction(Application application) {
    this.application = application;
  }

  /** Registers the logged-in user unless they exist; answers {@code {"affected_rows": N}}. */
  @FunctionName("action_checkAndRegisterUser")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "req",
              methods = {HttpMethod.POST},
              authLevel = AuthorizationLevel.FUNCTION,
              route = "checkAndRegisterUser")
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    long started = System.nanoTime();
    Logger logger = context.getLogger();
    application.announceOnce(logger);
    application.reportWarmUpOnce(logger);
    ActionResponse response = application.handle(request.getHeaders(), request.getBody());
    // A success with a detail went on without something that failed (Auth0, for a known user).
    Level level =
        response.status() >= 500
            ? Level.SEVERE
            : response.status() >= 400 || response.detail() != null ? Level.WARNING : Level.INFO;
    logger.log(level, response.logLine(System.nanoTime() - started));
    return request
        .createResponseBuilder(HttpStatus.valueOf(response.status()))
        .header("Content-Type", "application/json")
        .body(response.body())
        .build();
  }

  /**
   * Builds the process-wide Application (if no invocation did yet) and runs its first-call path
   * once; called by {@link WarmingInstanceInjector} on its warm-up thread at FunctionLoad.
   */
  static void warmUp() {
    Shared.APPLICATION.warmUp();
  }

  /**
   * Built on first use, so loading the class for indexing costs nothing; the only reader of the
   * environment.
   *
   * <p>Built exactly once per class loader, whoever comes first, by the JVM's class initialisation:
   * the warm-up thread usually starts it at FunctionLoad, and an invocation that arrives while it
   * is being built blocks in {@code Shared.APPLICATION} until the one build in progress is done. So
   * a misconfiguration found then is still what the first invocation answers and logs, as without
   * the warm-up. Keep it a holder class (a lazily set field would need its own lock to promise the
   * same).
   */
  private static final class Shared {
    static final Application APPLICATION =
        Application.fromSettings(FunctionSettings.read(System.getenv()));
  }
}
