package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operators' command line runs from target/classes alone, with no library on the class path.
 */
class TokenCipherCliIT {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private static String run(String stdin, String key, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                JAVA, "-cp", "target/classes", "com.checkandregisteruser.tokens.TokenCipherCli"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    if (key != null) {
      builder.environment().put("TOKEN_ENCRYPTION_KEY", key);
    }
    Process process = builder.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  @Test
  void keygenEncryptDecrypt_workWithTheJdkAlone() throws Exception {
    String key = run("", null, "keygen");
    String stored = run("oauth-token\n", key, "encrypt", "alice", "access_token");

    assertEquals("oauth-token", run(stored + "\n", key, "decrypt", "alice", "access_token"));
  }
}
