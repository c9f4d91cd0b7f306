package com.checkandregisteruser.local;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The function loaded as the Azure Java worker (2.17.0) loads it at FunctionLoad, so that tests,
 * {@code -Plocal}, {@code -Psandbox} and the benchmark take the path that Azure takes, warm-up
 * included:
 *
 * <ul>
 *   <li>the function class is loaded <em>without</em> being initialised ({@code Class.forName(name,
 *       false, loader)});
 *   <li>the one {@link FunctionInstanceInjector} is looked up through {@link ServiceLoader} with
 *       the function's class loader as the thread's context loader (its constructor starts the
 *       warm-up); a second one fails the load with the worker's message; without one, every
 *       invocation gets a new instance;
 *   <li>every invocation asks the injector for an instance and calls {@code run} on it
 *       reflectively, with the function's class loader as context loader.
 * </ul>
 */
final class WorkerLikeFunctionLoad implements LocalFunctionHost.HttpFunction {
  static final String FUNCTION_CLASS = "com.checkandregisteruser.CheckAndRegisterUserFunction";
  static final String SETTINGS_CLASS = "com.checkandregisteruser.FunctionSettings";
  static final String MULTIPLE_INJECTORS =
      "Customer function app has multiple FunctionInstanceInjector implementations";

  private final ClassLoader loader;
  private final Class<?> functionClass;
  private final FunctionInstanceInjector injector;
  private final Method run;

  private WorkerLikeFunctionLoad(
      ClassLoader loader, Class<?> functionClass, FunctionInstanceInjector injector, Method run) {
    this.loader = loader;
    this.functionClass = functionClass;
    this.injector = injector;
    this.run = run;
  }

  /**
   * Loads the function in a class loader of its own that reads {@code settings} instead of the
   * environment.
   */
  static WorkerLikeFunctionLoad load(Map<String, String> settings) {
    return load(FunctionAppClassLoader.forProduct(), settings);
  }

  /**
   * Loads the function from {@code loader}.
   *
   * @param settings what the function reads instead of the environment; null: the environment
   * @throws IllegalStateException when the function cannot be loaded, e.g. two injectors
   */
  static WorkerLikeFunctionLoad load(ClassLoader loader, Map<String, String> settings) {
    try {
      if (settings != null) {
        // Before the injector exists: its warm-up reads the settings at once.
        Class.forName(SETTINGS_CLASS, true, loader)
            .getMethod("supply", Map.class)
            .invoke(null, settings);
      }
      Class<?> functionClass = Class.forName(FUNCTION_CLASS, false, loader);
      Method run = functionClass.getMethod("run", HttpRequestMessage.class, ExecutionContext.class);
      return new WorkerLikeFunctionLoad(loader, functionClass, injectorFrom(loader), run);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load the function: " + e, e);
    }
  }

  private static FunctionInstanceInjector injectorFrom(ClassLoader loader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Iterator<FunctionInstanceInjector> found =
          ServiceLoader.load(FunctionInstanceInjector.class).iterator();
      if (!found.hasNext()) {
        return WorkerLikeFunctionLoad::newInstance;
      }
      FunctionInstanceInjector injector = found.next();
      if (found.hasNext()) {
        throw new IllegalStateException(MULTIPLE_INJECTORS);
      }
      return injector;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static <T> T newInstance(Class<T> functionClass) throws Exception {
    return functionClass.getDeclaredConstructor().newInstance();
  }

  /** The class of the injector in use: the product's, or this class's stand-in for none. */
  Class<?> injectorClass() {
    return injector.getClass();
  }

  @Override
  public HttpResponseMessage run(
      HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return (HttpResponseMessage)
          run.invoke(injector.getInstance(functionClass), request, context);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException thrown) {
        throw thrown;
      }
      if (e.getCause() instanceof Error thrown) {
        throw thrown;
      }
      throw new IllegalStateException("the function threw " + e.getCause(), e.getCause());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot invoke the function: " + e, e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
