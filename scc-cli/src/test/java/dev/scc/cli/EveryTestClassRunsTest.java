package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Surefire runs {@code *Test} classes and Failsafe {@code *IT} classes (the parent pom's includes): a concrete test
 * class named otherwise is never run, and its tests pass by never failing (two jqwik property classes were).
 * Abstract classes and interfaces (contracts, drill suites) run through their concrete subclasses.
 */
class EveryTestClassRunsTest {
    private static final Pattern TEST_ANNOTATION = Pattern.compile("@(Test|Property|ParameterizedTest|Example|RepeatedTest|TestFactory)\\b");
    private static final Pattern ABSTRACT = Pattern.compile("\\b(abstract\\s+class|interface)\\s");

    @Test
    void everyConcreteClassWithTestsIsNamedSoThatARunnerPicksItUp() throws IOException {
        List<String> unrun = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestsStayInsideTheCheckoutTest.checkout())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/java/")
                    && !p.toString().contains("/target/")).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith("Test.java") || name.endsWith("IT.java")) {
                    continue;
                }
                String src = Files.readString(f);
                if (TEST_ANNOTATION.matcher(src).find() && !ABSTRACT.matcher(src).find()) {
                    unrun.add(f.toString());
                }
            }
        }
        assertThat(unrun).as("test classes no runner includes").isEmpty();
    }
}
