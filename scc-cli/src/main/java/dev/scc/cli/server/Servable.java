package dev.scc.cli.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which invocations the resident server runs. Only those that report from documents, state and the engine and need
 * nothing of the process: no standard input, no prompts, no changes, no child processes, no global logging level. Everything
 * else runs in its own JVM, exactly as without a server. An allow-list, so a new command is never served by
 * accident: adding one here asks its author to check it reads its directory, environment and terminal only from
 * {@code CliServices} ({@code ServedOutputTest} holds served and direct output to the same bytes).
 */
final class Servable {
    private static final Set<String> SERVED = Set.of(
            "config explain", "config validate",
            "org schema", "org validate", "org status",
            "provider show", "team list", "exceptions list",
            "audit tail", "audit show", "audit export", "audit verify",
            "completion bash", "completion zsh", "completion fish");

    /** Commands served whatever follows them (their arguments are options or operands, never subcommands). */
    private static final Set<String> SERVED_ALONE = Set.of("sessions", "list", "approvals");

    /** The commands that talk to the Docker engine. */
    private static final Set<String> ENGINE = Set.of("sessions", "list");

    /**
     * What docker-java reads from its process rather than from the invocation (TLS and client configuration; the
     * configuration directory defaults to the JVM's {@code user.home}). An engine command is served only when the
     * client's values are the server's own.
     */
    private static final List<String> ENGINE_PROCESS_ENV = List.of("DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG");

    private Servable() {}

    /**
     * Whether the server runs {@code args} for a client with {@code env}; {@code serverEnv} and {@code serverHome}
     * are the server process's own environment and {@code user.home}.
     */
    static boolean servable(List<String> args, Map<String, String> env, Map<String, String> serverEnv, String serverHome) {
        if (!servable(args)) {
            return false;
        }
        if (!args.stream().filter(a -> !a.startsWith("-")).findFirst().map(ENGINE::contains).orElse(false)) {
            return true;
        }
        boolean sameDockerSettings = ENGINE_PROCESS_ENV.stream().allMatch(k -> Objects.equals(env.get(k), serverEnv.get(k)));
        return sameDockerSettings && (env.containsKey("DOCKER_CONFIG") || Objects.equals(env.get("HOME"), serverHome));
    }

    static boolean servable(List<String> args) {
        List<String> words = new ArrayList<>();
        boolean help = false;
        for (String a : args) {
            if (a.equals("--") || a.equals("--verbose")) {
                return false;
            }
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                help = true;
            } else if (!a.startsWith("-") && words.size() < 2) {
                words.add(a);
            }
        }
        if (help || (!words.isEmpty() && words.get(0).equals("help"))) {
            return true;
        }
        if (!words.isEmpty() && SERVED_ALONE.contains(words.get(0))) {
            return true;
        }
        return words.size() == 2 && SERVED.contains(words.get(0) + " " + words.get(1));
    }
}
