package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.checkandregisteruser.tokens.TokenCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/token-format.md tells other services how to decrypt stored tokens with a Node.js snippet:
 * run that very snippet (taken from the document) on values this project's cipher wrote. Skipped
 * where Node.js is absent.
 */
class ReadmeDecryptionSnippetIT {

  private static boolean nodeAvailable() {
    try {
      Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static String documentedSnippet() throws Exception {
    String doc = Files.readString(Path.of("docs", "token-format.md"));
    Matcher block =
        Pattern.compile("Decrypt elsewhere.*?```js\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    if (!block.find()) {
      throw new AssertionError("docs/token-format.md has a js block after 'Decrypt elsewhere'");
    }
    return block.group(1);
  }

  @Test
  void documentedNodeSnippet_decryptsWhatTheCipherStored(@TempDir Path dir) throws Exception {
    String snippet = documentedSnippet();
    assumeTrue(nodeAvailable(), "node is not installed");
    Path script = dir.resolve("decrypt.js");
    Files.writeString(
        script,
        snippet
            + "\nprocess.stdout.write(decryptToken(process.argv[2], process.argv[3],"
            + " process.argv[4], { k2: Buffer.from(process.env.KEY, 'base64') }));\n");
    String plaintext = "oauth-token \u00e9\u4e16 \"quoted\"";
    String username = "al\u00efce\nnewline";
    String stored =
        TestSettings.cipher().encrypt(plaintext, username, TokenCipher.Column.ACCESS_TOKEN_SECRET);

    ProcessBuilder builder =
        new ProcessBuilder("node", script.toString(), stored, username, "access_token_secret");
    builder.environment().putAll(Map.of("KEY", TestSettings.KEY_BASE64));
    Process node = builder.redirectErrorStream(true).start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    node.waitFor(30, TimeUnit.SECONDS);

    assertEquals(0, node.exitValue(), output);
    assertEquals(plaintext, output);
  }
}
