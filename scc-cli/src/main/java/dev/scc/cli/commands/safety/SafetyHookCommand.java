package dev.scc.cli.commands.safety;

import dev.scc.app.launch.GovernedLaunch;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.evaluator.Evaluator;
import dev.scc.safety.hook.HookAdaptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scc safety hook claude|codex}: the PreToolUse hook adaptor (stdin: the hook's JSON). Allow =
 * exit 0 and no output; deny and every error = exit 2 with the reason on stderr. The policy is read
 * from {@code --policy} (default {@value #DEFAULT_POLICY}); a missing or broken policy blocks every
 * guarded command. Inside the sandbox prefer the native {@code scc-hook}, which asks the resident
 * evaluator and needs no JVM start.
 */
@Command(name = "hook", mixinStandardHelpOptions = true,
        description = "The agents' pre-tool hook: reads the hook JSON on stdin; exit 2 + reason denies.")
public final class SafetyHookCommand implements Callable<Integer> {
    static final String DEFAULT_POLICY = "/etc/scc/safety-policy.json";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROVIDER", description = "The id of an installed provider")
    String provider;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: " + DEFAULT_POLICY + ").")
    Path policy;

    /** The hook format the provider declares, as the safety engine reads it. */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentProviderRegistry installed = AgentProviderRegistry.load();
        HookAdaptor.Format p = installed.find(provider).map(GovernedLaunch::hookFormat).orElse(null);
        if (p == null) {
            err.println("SCC safety: unknown hook provider '" + provider + "' (installed: " + installed.describeIds()
                    + "); blocked.");
            err.flush();
            return 2;
        }
        HookAdaptor.Result r;
        try {
            String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            SafetyPolicy sp = SafetyPolicyLoader.load(policy != null ? policy : Path.of(DEFAULT_POLICY), false);
            r = new HookAdaptor(Evaluator.of(new SafetyEngine(sp))).handle(p, input);
        } catch (IOException | RuntimeException e) {
            r = new HookAdaptor.Result(2, "", "[" + p.label() + "] SCC safety: cannot read the hook input (" + e.getMessage()
                    + "); the command is refused.\n");
        }
        out.print(r.stdout());
        out.flush();
        err.print(r.stderr());
        err.flush();
        return r.exitCode();
    }
}
