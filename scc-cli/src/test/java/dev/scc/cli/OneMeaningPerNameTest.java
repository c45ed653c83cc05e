package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Names that mean one thing: no two public top-level types of the main code (any module's {@code src/main/java})
 * share a simple name, so {@code PolicyLoader} or {@code Decision} in a stack trace, an import or a review names one thing.
 * A deliberate exception is allow-listed below with its reason; an allow-listed name that no longer collides fails
 * too, so the list only shrinks.
 */
class OneMeaningPerNameTest {
    /** Simple names that may still mean two things, each with why (and the rename it waits for). */
    private static final Map<String, String> ALLOWED = Map.of();

    @Test
    void noTwoPublicMainTypesShareASimpleName() throws IOException {
        Map<String, List<String>> all = mainClasses(RealParts.repoRoot());
        assertThat(all.values().stream().mapToInt(List::size).sum()).as("main classes scanned").isGreaterThan(300);
        Map<String, List<String>> found = collisions(all);

        Map<String, List<String>> unexplained = new TreeMap<>(found);
        unexplained.keySet().removeAll(ALLOWED.keySet());
        assertThat(unexplained).as("simple names meaning several things: rename the less-used one (or allow-list"
                + " it here with a reason)").isEmpty();
        assertThat(found.keySet()).as("allow-listed names that no longer collide: drop them from ALLOWED")
                .containsAll(ALLOWED.keySet());
    }

    @Test
    void theScanFindsASharedSimpleNameAcrossPackagesButNotOneClass() {
        Map<String, List<String>> classes = Map.of(
                "Decision", List.of("scc-core: dev/scc/core/merge/Decision.java", "scc-safety: dev/scc/safety/Decision.java"),
                "Only", List.of("scc-core: dev/scc/core/Only.java"));

        assertThat(collisions(classes)).containsOnlyKeys("Decision");
    }

    @Test
    void onlyPublicTopLevelTypesCount() {
        assertThat(declaresPublic("package a;\n\npublic final class Json {\n}\n", "Json")).isTrue();
        assertThat(declaresPublic("package a;\npublic sealed interface Decision permits X {}\n", "Decision")).isTrue();
        assertThat(declaresPublic("package a;\nfinal class GlobalOptions {\n    public static class Json {}\n}\n",
                "GlobalOptions")).isFalse();
        assertThat(declaresPublic("package a;\n/** public class Json */\nclass Json {}\n", "Json")).isFalse();
    }

    /** Simple name to the files (as "module: path") that declare a public top-level type of that name. */
    static Map<String, List<String>> mainClasses(Path root) throws IOException {
        Map<String, List<String>> byName = new TreeMap<>();
        List<Path> modules;
        try (Stream<Path> s = Files.list(root)) {
            modules = s.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).sorted().toList();
        }
        for (Path module : modules) {
            Path src = module.resolve("src/main/java");
            try (Stream<Path> s = Files.walk(src)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String file = f.getFileName().toString();
                    String name = file.substring(0, file.length() - ".java".length());
                    if (file.equals("module-info.java") || file.equals("package-info.java")
                            || !declaresPublic(Files.readString(f), name)) {
                        continue;
                    }
                    byName.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(module.getFileName() + ": " + src.relativize(f));
                }
            }
        }
        return byName;
    }

    /** True when {@code source} declares {@code name} as a public top-level type (a line starting with public). */
    static boolean declaresPublic(String source, String name) {
        return Pattern.compile("^public\\s[\\w\\s]*\\b(class|interface|enum|record)\\s+" + Pattern.quote(name) + "\\b",
                Pattern.MULTILINE).matcher(source).find();
    }

    static Map<String, List<String>> collisions(Map<String, List<String>> classes) {
        Map<String, List<String>> out = new TreeMap<>();
        classes.forEach((name, files) -> {
            if (new TreeSet<>(files).size() > 1) {
                out.put(name, files);
            }
        });
        return out;
    }
}
