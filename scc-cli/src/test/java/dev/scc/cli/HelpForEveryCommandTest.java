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

/** Every command in the tree answers {@code --help} with its usage and exit 0, and lists its own subcommands. */
class HelpForEveryCommandTest {
    @TempDir Path home;

    static Stream<List<String>> commands() {
        CommandLine root = SccCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new CliServices(Map.of(), Path.of("/nonexistent"), Clock.systemUTC()));
        List<List<String>> out = new ArrayList<>();
        walk(root, new ArrayList<>(), out);
        return out.stream();
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name) && !name.equals("help")) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(sub, p, out);
            }
        });
    }

    @Test
    void theTreeHasTheCommandsTheReadmeNames() {
        List<String> top = commands().filter(p -> p.size() == 1).map(p -> p.get(0)).toList();
        assertThat(top).contains("setup", "start", "sessions", "stop", "prune", "worktree", "doctor", "config", "org",
                "render", "safety", "approvals", "approve", "deny", "audit", "unblock", "exceptions", "provider", "team",
                "completion", "network", "image");
    }

    @ParameterizedTest(name = "scc {0} --help")
    @MethodSource("commands")
    void helpIsUsageAndExitZero(List<String> path) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC()), args.toArray(String[]::new));
        assertThat(code).as(String.join(" ", args) + "\n" + err).isZero();
        assertThat(out.toString()).startsWith("Usage: scc" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
    }

    private String help(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC()), args);
        assertThat(code).as(String.join(" ", args) + "\n" + err).isZero();
        return out.toString();
    }

    @ParameterizedTest(name = "scc {0} --help fits 80 columns")
    @MethodSource("commands")
    void helpIsWrappedAtEightyColumnsWithoutATerminal(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        assertThat(help(args.toArray(String[]::new)).lines()).allSatisfy(l -> assertThat(l.length()).as(l)
                .isLessThanOrEqualTo(80));
    }

    @Test
    void helpWithACommandPathShowsThatCommandsHelp() {
        assertThat(help("help", "config", "explain")).isEqualTo(help("config", "explain", "--help"))
                .startsWith("Usage: scc config explain");
        assertThat(help("help", "start")).isEqualTo(help("start", "--help"));
        assertThat(help("help")).isEqualTo(help("--help"));
    }

    @Test
    void rootHelpGroupsTheCommandsByTheUsersJourney() {
        String root = help("--help");
        List<String> order = List.of("Get started:", "  setup", "  start", "  doctor", "Day to day:", "  sessions",
                "Policy:", "  config", "  render", "Safety and audit:", "  approvals", "  audit",
                "Shell and this tool:", "  help", "  completion");
        int at = -1;
        for (String s : order) {
            int next = root.indexOf(s, at + 1);
            assertThat(next).as(s + " after position " + at + " in\n" + root).isGreaterThan(at);
            at = next;
        }
    }

    @ParameterizedTest(name = "scc {0} --help has examples")
    @MethodSource("mainCommands")
    void theMainCommandsShowExamples(String command) {
        assertThat(help((command + " --help").split(" "))).contains("Examples:");
    }

    static Stream<String> mainCommands() {
        return Stream.of("setup", "start", "doctor", "sessions", "prune", "render", "config explain",
                "config validate", "unblock", "team switch", "provider set");
    }
}
