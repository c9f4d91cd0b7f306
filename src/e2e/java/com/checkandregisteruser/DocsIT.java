package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs hold together inside the repository: every relative Markdown link leads to a file that
 * exists (and to a heading of it, when it names one), and every "§N" that code, metadata or docs
 * cite is a section of docs/hasura-contract.md.
 */
class DocsIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
  private static final Path CONTRACT = Path.of("docs", "hasura-contract.md");

  private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^ {0,3}```.*?^ {0,3}```");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`\n]*`");
  private static final Pattern INLINE_LINK =
      Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE_LINK =
      Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
  private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern SECTION_CITATION = Pattern.compile("§\\s?(\\d+)(?:,? row (\\d+))?");
  private static final Pattern CONTRACT_SECTION = Pattern.compile("(?m)^## (\\d+)\\. ");

  /** The Markdown files whose links must resolve. */
  private static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("README.md"));
    try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    files.add(Path.of("hasura", "README.md"));
    if (Files.exists(Path.of("bench", "README.md"))) {
      files.add(Path.of("bench", "README.md"));
    }
    return files;
  }

  /** The text of a Markdown file with code blocks and code spans blanked out. */
  private static String prose(String markdown) {
    return INLINE_CODE.matcher(FENCED_BLOCK.matcher(markdown).replaceAll("")).replaceAll("``");
  }

  /** The links of one Markdown file that point inside the repository. */
  private static List<String> relativeLinks(String markdown) {
    String text = prose(markdown);
    List<String> links = new ArrayList<>();
    for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_LINK)) {
      Matcher link = pattern.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (!SCHEME.matcher(target).find() && !target.startsWith("//")) {
          links.add(target);
        }
      }
    }
    return links;
  }

  /** GitHub's anchors for the headings of a Markdown file, duplicates numbered as GitHub does. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    Matcher heading = HEADING.matcher(FENCED_BLOCK.matcher(markdown).replaceAll(""));
    while (heading.find()) {
      String text = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      String slug =
          text.toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\p{Mn}\\p{Pc} -]", "")
              .replace(' ', '-');
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }

  /** Returns why {@code target}, linked from {@code file}, does not resolve, or null if it does. */
  private static String problemOf(Path file, String target) throws IOException {
    int hash = target.indexOf('#');
    String pathPart = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved =
        pathPart.isEmpty()
            ? file.toAbsolutePath().normalize()
            : file.toAbsolutePath().getParent().resolve(pathPart).normalize();
    if (!resolved.startsWith(ROOT)) {
      return "leaves the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file " + ROOT.relativize(resolved);
    }
    if (anchor != null && !anchor.isEmpty()) {
      if (!resolved.toString().endsWith(".md")) {
        return "an anchor into a file that is not Markdown";
      }
      if (!anchors(Files.readString(resolved)).contains(anchor)) {
        return "no heading with anchor #" + anchor + " in " + ROOT.relativize(resolved);
      }
    }
    return null;
  }

  @Test
  void everyRelativeLinkInTheDocs_leadsToAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path file : markdownFiles()) {
      for (String target : relativeLinks(Files.readString(file))) {
        checked++;
        String problem = problemOf(file, target);
        if (problem != null) {
          broken.add(file + ": (" + target + ") " + problem);
        }
      }
    }

    assertTrue(checked >= 40, "the README and docs/ link to each other: " + checked + " links");
    assertEquals(List.of(), broken);
  }

  @Test
  void theReadme_linksToEveryDocument() throws IOException {
    Set<String> linked = new TreeSet<>(relativeLinks(Files.readString(Path.of("README.md"))));
    Set<String> documents;
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      documents =
          docs.filter(p -> p.toString().endsWith(".md"))
              .map(p -> "docs/" + p.getFileName())
              .collect(Collectors.toCollection(TreeSet::new));
    }

    assertEquals(
        Set.of(
            "docs/cold-start.md",
            "docs/deploy-azure.md",
            "docs/local-development.md",
            "docs/token-format.md",
            "docs/integrating-the-app.md",
            "docs/testing.md",
            "docs/troubleshooting.md",
            "docs/hasura-contract.md"),
        documents);
    documents.removeAll(linked);
    assertEquals(Set.of(), documents, "documents the README's map leaves out");
    assertTrue(
        linked.contains("hasura/README.md") && linked.contains("bench/README.md"), "" + linked);
  }

  /** Section number to its text, from docs/hasura-contract.md. */
  private static Map<Integer, String> contractSections() throws IOException {
    String contract = Files.readString(CONTRACT);
    Map<Integer, String> sections = new HashMap<>();
    Matcher heading = CONTRACT_SECTION.matcher(contract);
    Integer number = null;
    int start = 0;
    while (heading.find()) {
      if (number != null) {
        sections.put(number, contract.substring(start, heading.start()));
      }
      number = Integer.parseInt(heading.group(1));
      start = heading.start();
    }
    if (number != null) {
      sections.put(number, contract.substring(start));
    }
    return sections;
  }

  /** The numbers in the first column of a section's first table. */
  private static Set<Integer> rowNumbers(String section) {
    Set<Integer> rows = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\|\\s*(\\d+)\\s*\\|").matcher(section);
    while (row.find()) {
      rows.add(Integer.parseInt(row.group(1)));
    }
    return rows;
  }

  @Test
  void contract_isNumberedOneToSeven_andSectionTwosRowsOneToThirteen() throws IOException {
    Map<Integer, String> sections = contractSections();

    assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7), sections.keySet());
    assertEquals(
        Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), rowNumbers(sections.get(2)), "§2 rows");
  }

  /** Every text file under the roots that cite the contract. */
  private static List<Path> citingFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("README.md"));
    for (String root : List.of("src", "hasura", "docs")) {
      try (Stream<Path> walk = Files.walk(Path.of(root))) {
        walk.filter(Files::isRegularFile)
            .filter(p -> p.toString().matches(".*\\.(java|md|yaml|yml|sql|graphql|graphqls|json)$"))
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void everyCitedSection_existsInTheContract() throws IOException {
    Map<Integer, String> sections = contractSections();
    List<String> dangling = new ArrayList<>();
    int checked = 0;
    for (Path file : citingFiles()) {
      String[] lines = Files.readString(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher citation = SECTION_CITATION.matcher(lines[i]);
        while (citation.find()) {
          checked++;
          int section = Integer.parseInt(citation.group(1));
          String where = file + ":" + (i + 1) + ": " + citation.group();
          if (!sections.containsKey(section)) {
            dangling.add(where + " (no such section)");
          } else if (citation.group(2) != null
              && !rowNumbers(sections.get(section)).contains(Integer.parseInt(citation.group(2)))) {
            dangling.add(where + " (no such row)");
          }
        }
      }
    }

    assertTrue(checked >= 30, "code and docs cite the contract: " + checked + " citations");
    assertEquals(List.of(), dangling);
  }

  @Test
  void noFile_citesAContractOutsideTheRepository() throws IOException {
    // The contract used to live outside the repository; a citation of that copy would pass the
    // section check above while pointing at a file a clone does not have.
    List<String> external = new ArrayList<>();
    for (Path file : citingFiles()) {
      if (Files.readString(file).contains("shared/" + CONTRACT.getFileName())) {
        external.add(file.toString());
      }
    }

    assertEquals(List.of(), external, "cite docs/hasura-contract.md, which is in the repository");
  }
}
