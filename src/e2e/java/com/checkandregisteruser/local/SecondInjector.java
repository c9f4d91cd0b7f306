package com.checkandregisteruser.local;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

/** A second injector, which no function app may register beside the product's. */
public final class SecondInjector implements FunctionInstanceInjector {
  @Override
  public <T> T getInstance(Class<T> functionClass) throws Exception {
    return functionClass.getDeclaredConstructor().newInstance();
  }
}
