package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fresh clone with nothing beside it passes the tests: no test source names a fixture beside the checkout (the
 * project's shared folder, another worktree) or a relative path that climbs out of it. Fixtures live in
 * {@code src/test/resources}, with their notice.
 */
class TestsStayInsideTheCheckoutTest {
    /** Trees outside the checkout that fixtures were once read from. Spelled in pieces so this file passes itself. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "shared/(examples|schemas|docs|hooks)|\"/work/(shared|main|wt)\\b|resolveSibling\\(\"shared\"|\\.\\./" + "shared");
    /** A relative path literal handed to the file system. */
    private static final Pattern RELATIVE_PATH = Pattern.compile("(?:Path\\.of|Paths\\.get|new File)\\(\\s*\"(\\.\\.[^\"]*)\"");

    static Path checkout() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scc-bom/pom.xml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the checkout root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    static List<String> violations(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/"))
                    .filter(p -> !p.getFileName().toString().equals("TestsStayInsideTheCheckoutTest.java")).toList()) {
                Path module = moduleOf(root, f);
                List<String> lines = lines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (OUTSIDE.matcher(line).find()) {
                        found.add(root.relativize(f) + ":" + (i + 1) + ": " + line.strip());
                    }
                    Matcher m = RELATIVE_PATH.matcher(line);
                    while (m.find()) {
                        if (!module.resolve(m.group(1)).normalize().startsWith(root)) {
                            found.add(root.relativize(f) + ":" + (i + 1) + ": " + line.strip());
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Path moduleOf(Path root, Path file) {
        Path rel = root.relativize(file);
        return root.resolve(rel.getName(0));
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noTestSourceReadsAPathOutsideTheCheckout() throws IOException {
        assertThat(violations(checkout())).isEmpty();
    }

    @Test
    void theGuardCatchesASharedFixtureAndAPathClimbingOutOfTheCheckout(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Files.createDirectories(tmp.resolve("scc-bom"));
        Files.writeString(tmp.resolve("scc-bom/pom.xml"), "<project/>");
        Path test = Files.createDirectories(tmp.resolve("mod/src/test/java/x")).resolve("ATest.java");
        Files.writeString(test, String.join("\n",
                "class ATest {",
                "  Path a = Path.of(\"/work/" + "shared/schemas/examples/x.json\");",
                "  Path b = Path.of(\"../../elsewhere/org.json\");",
                "  Path c = Path.of(\"../examples/org.yaml\");",
                "}"));
        assertThat(violations(tmp)).hasSize(2).anyMatch(v -> v.contains(":2:")).anyMatch(v -> v.contains(":3:"));
    }
}
