package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line built for one invocation ({@link SccCommand#commandLineFor}) answers exactly as the whole tree
 * would: same output, same errors, same exit code, for help at every level and for mistakes.
 */
class LazyCommandTreeTest {
    @TempDir Path home;

    static Stream<List<String>> invocations() {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("--help"));
        out.add(List.of("--version"));
        out.add(List.of("-h"));
        out.add(List.of("help"));
        out.add(List.of("--no-color", "--help"));
        out.add(List.of("nosuch"));
        out.add(List.of("strat"));
        out.add(List.of("--bogus"));
        out.add(List.of("config"));
        out.add(List.of("config", "explain", "--bogus"));
        out.add(List.of("completion", "fish"));
        out.add(List.of("completion", "bash"));
        HelpForEveryCommandTest.commands().filter(p -> !p.isEmpty()).forEach(p -> {
            List<String> help = new ArrayList<>(p);
            help.add("--help");
            out.add(help);
            List<String> viaHelp = new ArrayList<>();
            viaHelp.add("help");
            viaHelp.addAll(p);
            out.add(viaHelp);
        });
        out.add(List.of("list", "--help"));
        return out.stream();
    }

    @ParameterizedTest(name = "scc {0}")
    @MethodSource("invocations")
    void answersAsTheWholeTree(List<String> args) {
        String[] a = args.toArray(String[]::new);
        assertThat(run(true, a)).isEqualTo(run(false, a));
    }

    @Test
    void buildsOnlyTheNamedSubcommand() {
        CommandLine cl = SccCommand.commandLineFor(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                services(), "config", "explain");
        assertThat(cl.getSubcommands().get("config").getSubcommands()).containsKey("explain");
        assertThat(cl.getSubcommands().get("org").getSubcommands()).isEmpty();
        assertThat(cl.getSubcommands().get("org").getCommandSpec().userObject()).isNull();
    }

    @Test
    void namesTheSubcommandEachInvocationNeeds() {
        assertThat(SccCommand.neededSubcommands()).containsExactly("start");
        assertThat(SccCommand.neededSubcommands("--verbose")).containsExactly("start");
        assertThat(SccCommand.neededSubcommands("--help")).isEmpty();
        assertThat(SccCommand.neededSubcommands("--no-color", "org", "status")).containsExactly("org");
        assertThat(SccCommand.neededSubcommands("help", "team", "list")).containsExactlyInAnyOrder("help", "team");
        assertThat(SccCommand.neededSubcommands("completion", "bash")).isNull();
        assertThat(SccCommand.neededSubcommands("--", "start")).isNull();
    }

    private CliServices services() {
        return new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC());
    }

    private String run(boolean lazy, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cl = lazy ? SccCommand.commandLineFor(o, e, services(), args) : SccCommand.commandLine(o, e, services());
        int code = cl.execute(args);
        return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
