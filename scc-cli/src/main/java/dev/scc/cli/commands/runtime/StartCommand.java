package dev.scc.cli.commands.runtime;

import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.NetworkPosture;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scc start}: launches (or with {@code --resume} resumes) a sandboxed agent session for a workspace.
 * Until the governance merge is wired in, provider, team, posture and destinations come from flags and
 * become a {@link LaunchSpec}, the seam the lead will feed from the effective policy.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start (or resume) a sandboxed agent session for WORKSPACE (default: current directory).")
public final class StartCommand implements java.util.concurrent.Callable<Integer> {
    /** Destinations each provider needs to work at all (API, login, telemetry it cannot run without). */
    static final Map<String, List<String>> PROVIDER_CORE_HOSTS = Map.of(
            "claude", List.of("api.anthropic.com", "claude.ai", "console.anthropic.com", "statsig.anthropic.com",
                    "sentry.io"),
            "codex", List.of("api.openai.com", "chatgpt.com", "auth.openai.com"));
    static final Map<String, String> PROVIDER_KEY_ENV = Map.of("claude", "ANTHROPIC_API_KEY", "codex", "OPENAI_API_KEY");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--provider", defaultValue = "claude", description = "claude or codex (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--team", description = "Team the session runs for.")
    String team;

    @Option(names = "--network", defaultValue = "web-egress-enforced", paramLabel = "POSTURE",
            description = "open, web-egress-enforced or locked-down-web (default: ${DEFAULT-VALUE}).")
    String posture;

    @Option(names = "--allow", paramLabel = "HOST", description = "Extra allowed destination (host or .domain); repeatable.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--local-model-endpoint", paramLabel = "URL",
            description = "The provider talks to a model inside the sandbox (the only way to run locked-down-web).")
    String localModel;

    @Option(names = "--resume", description = "Resume the workspace's session and the provider's last conversation.")
    boolean resume;

    @Option(names = "--dry-run", description = "Show what would be created, touch nothing.")
    boolean dryRun;

    @Option(names = "--detach", description = "Start the session but do not run the agent in this terminal.")
    boolean detach;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKSPACE")
    Path workspace;

    private final Supplier<DockerRuntimeBackend> backends;

    public StartCommand() {
        this(RuntimeCli.defaultBackend());
    }

    StartCommand(Supplier<DockerRuntimeBackend> backends) {
        this.backends = backends;
    }

    LaunchSpec launchSpec() {
        NetworkPosture p;
        try {
            p = NetworkPosture.fromId(posture);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        Set<String> hosts = new LinkedHashSet<>(PROVIDER_CORE_HOSTS.getOrDefault(provider, List.of()));
        hosts.addAll(allow);
        Map<String, String> env = new LinkedHashMap<>();
        String keyVar = PROVIDER_KEY_ENV.get(provider);
        if (keyVar != null && System.getenv(keyVar) != null) {
            env.put(keyVar, System.getenv(keyVar));
        }
        LaunchSpec s = LaunchSpec.of(ws, provider, p, hosts).withEnv(env).withResume(resume);
        if (team != null) {
            s = s.withTeam(team);
        }
        if (localModel != null) {
            s = s.withLocalModelEndpoint(localModel);
        }
        return s;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LaunchSpec ls = launchSpec();
        return RuntimeCli.with(backends, b -> {
            if (dryRun) {
                DockerRuntimeBackend.LaunchPlan plan = b.plan(ls);
                out.println("dry run: nothing is created");
                out.println("  workspace      " + ls.workspace() + " (scc.workspace=" + plan.workspaceHash() + ")");
                out.println("  provider       " + ls.provider() + ls.team().map(t -> ", team " + t).orElse(""));
                out.println("  network        " + ls.posture().id());
                out.println("  agent image    " + plan.agentImage());
                plan.proxyImage().ifPresent(i -> out.println("  proxy image    " + i));
                out.println("  agent command  " + String.join(" ", plan.agentCommand()));
                plan.acl().ifPresent(a -> {
                    out.println("  egress ACL:");
                    a.lines().forEach(l -> out.println("    " + l));
                });
                out.flush();
                return 0;
            }
            Session s = b.launch(ls);
            out.println("session " + s.id() + " running: " + ls.provider() + " in " + ls.workspace() + " ("
                    + s.posture().id() + ")");
            out.flush();
            if (detach || System.console() == null) {
                out.println("run the agent with: scc start --resume " + ls.workspace());
                out.flush();
                return 0;
            }
            return (int) attach(b, s);
        });
    }

    /** Runs the agent in this terminal: raw mode for the TTY while attached, restored afterwards. */
    private long attach(DockerRuntimeBackend b, Session s) {
        boolean raw = stty("raw", "-echo");
        try {
            return b.attach(s, resume, System.in, System.out);
        } finally {
            if (raw) {
                stty("sane");
            }
        }
    }

    private static boolean stty(String... args) {
        List<String> cmd = new ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
