package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the command pattern grammar on generated commands. */
class CommandPatternPropertiesTest {
    private static final List<String> SUBWORDS = List.of("delete", "destroy", "apply", "get", "ns", "pods", "api", "s3", "rb", "x-1");

    @Provide
    Arbitrary<List<String>> words() {
        return Arbitraries.of(SUBWORDS).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<String>> kubectlGlobals() {
        return Arbitraries.of(List.of("--context", "prod"), List.of("-n", "kube-system"), List.of("--context=prod"), List.of("-v=4"),
                List.of("--kubeconfig", "/k/config"), List.of("--insecure-skip-tls-verify")).list().ofMaxSize(3)
                .map(l -> l.stream().flatMap(List::stream).toList());
    }

    @Property(tries = 500)
    void aPatternMatchesTheCommandItWasWrittenFromWhateverTheProgramsPath(@ForAll("words") List<String> words,
            @ForAll("words") List<String> tail, @ForAll boolean withPath) {
        CommandPattern p = CommandPattern.parse("kubectl " + String.join(" ", words));
        List<String> argv = new ArrayList<>(List.of(withPath ? "/usr/local/bin/kubectl" : "kubectl"));
        argv.addAll(words);
        argv.addAll(tail);
        assertThat(p.matches(argv)).isTrue();
    }

    @Property(tries = 500)
    void globalOptionsBetweenTheWordsNeverChangeTheMatch(@ForAll("words") List<String> pattern, @ForAll("words") List<String> command,
            @ForAll("kubectlGlobals") List<String> before, @ForAll("kubectlGlobals") List<String> between) {
        CommandPattern p = CommandPattern.parse("kubectl " + String.join(" ", pattern));
        List<String> plain = new ArrayList<>(List.of("kubectl"));
        plain.addAll(command);
        List<String> withOptions = new ArrayList<>(List.of("kubectl"));
        withOptions.addAll(before);
        withOptions.add(command.get(0));
        withOptions.addAll(between);
        withOptions.addAll(command.subList(1, command.size()));
        assertThat(p.matches(withOptions)).as(String.join(" ", withOptions)).isEqualTo(p.matches(plain));
    }

    @Property(tries = 500)
    void aDoubleStarPatternMatchesWheneverTheWordsAppearInOrder(@ForAll("words") List<String> command) {
        String first = command.get(0);
        String last = command.get(command.size() - 1);
        List<String> argv = new ArrayList<>(List.of("tool"));
        argv.addAll(command);
        assertThat(CommandPattern.parse("tool " + first + " ** " + last).matches(argv)).isEqualTo(command.size() >= 2
                || first.equals(last) && command.size() >= 1 && matchesTwice(command, first));
    }

    private static boolean matchesTwice(List<String> command, String w) {
        return command.stream().filter(w::equals).count() >= 2;
    }

    @Property(tries = 300)
    void matchingNeverThrowsOnAnyArgv(@ForAll("words") List<String> pattern, @ForAll List<@net.jqwik.api.constraints.StringLength(max = 12) String> argv) {
        CommandPattern p = CommandPattern.parse("kubectl " + String.join(" ", pattern) + " --context prod*");
        List<String> a = new ArrayList<>(List.of("kubectl"));
        a.addAll(argv);
        p.matches(a);
    }
}
