package com.checkandregisteruser;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the function instances and, once per process, starts the warm-up: the only code of ours the
 * Java worker runs when it loads the function (FunctionLoad), before any invocation. The worker
 * loads the function class without initialising it, finds this class through {@link
 * java.util.ServiceLoader} (META-INF/services) and asks it for the instance of every invocation.
 *
 * <p><b>One injector per function app:</b> the worker refuses to load an app that registers a
 * second {@code FunctionInstanceInjector} ("Customer function app has multiple
 * FunctionInstanceInjector implementations"). Whoever adds dependency injection (Guice, Spring,
 * Dagger...) builds it into this class and keeps the warm-up, rather than registering another.
 */
public final class WarmingInstanceInjector implements FunctionInstanceInjector {
  private static final AtomicBoolean WARM_UP_STARTED = new AtomicBoolean();

  /** Called by {@link java.util.ServiceLoader} at FunctionLoad. */
  public WarmingInstanceInjector() {
    startWarmUpOnce();
  }

  /** A new instance per invocation, as the worker's own injector makes them. */
  @Override
  public <T> T getInstance(Class<T> functionClass) throws Exception {
    return functionClass.getDeclaredConstructor().newInstance();
  }

  private static void startWarmUpOnce() {
    if (WARM_UP_STARTED.compareAndSet(false, true)) {
      // Daemon: the warm-up is never the reason a worker stays up; a first invocation that arrives
      // before it finished waits only for the Application being built (see CheckAndRegisterUser-
      // Function), not for the rest.
      Thread thread =
          new Thread("checkAndRegisterUser-warm-up") {
            @Override
            public void run() {
              CheckAndRegisterUserFunction.warmUp();
            }
          };
      thread.setDaemon(true);
      thread.start();
    }
  }
}
