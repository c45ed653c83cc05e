package dev.scc.cli;

import dev.scc.app.governance.Governance;
import dev.scc.policy.source.XdgDirs;
import dev.scc.core.merge.TrustMerge;
import dev.scc.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.schema.SchemaValidator;
import dev.scc.policy.source.DocumentCheck;
import dev.scc.policy.source.FetchOptions;
import dev.scc.policy.source.PolicyFetcher;
import dev.scc.policy.source.SourceResolver;

/**
 * The composition root: every service the commands use is built here, by hand, on first use (so {@code --help}
 * never loads Jackson or docker-java). Tests build one with their own environment, home and clock.
 */
public final class CliServices {
    private final Map<String, String> env;
    private final Path home;
    private final Clock clock;
    private XdgDirs dirs;
    private PolicyLoader loader;
    private Governance governance;
    private dev.scc.core.spi.AgentProviderRegistry providers;
    private final Path workingDir;
    private final boolean consoleAttached;
    private boolean loopbackHttpForTests;

    /** Services for the JVM's own working directory and console. */
    public CliServices(Map<String, String> env, Path home, Clock clock) {
        this(env, home, clock, Path.of("").toAbsolutePath(), System.console() != null);
    }

    /**
     * Services for one invocation whose working directory and terminal are not the JVM's own (the resident
     * server runs each client's command with the client's).
     *
     * @param workingDir absolute; relative paths on the command line resolve against it
     * @param consoleAttached whether stdin and stdout are both a terminal (as {@code System.console() != null})
     */
    public CliServices(Map<String, String> env, Path home, Clock clock, Path workingDir, boolean consoleAttached) {
        if (!workingDir.isAbsolute()) {
            throw new IllegalArgumentException("working directory must be absolute: " + workingDir);
        }
        this.env = Map.copyOf(env);
        this.home = home;
        this.clock = clock;
        this.workingDir = workingDir;
        this.consoleAttached = consoleAttached;
    }

    /** Services for this process. */
    public static CliServices system() {
        return forInvocation(System.getenv(), Clock.systemUTC(), Path.of("").toAbsolutePath(), System.console() != null);
    }

    /** Services for an invocation with this environment, directory and terminal (this process's, or a client's). */
    public static CliServices forInvocation(Map<String, String> env, Clock clock, Path workingDir, boolean consoleAttached) {
        // $HOME wins over the JVM's user.home (read from the password database), as every other tool does.
        String home = env.get("HOME");
        return new CliServices(env, Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")),
                clock, workingDir, consoleAttached);
    }

    public Map<String, String> env() {
        return env;
    }

    public Path home() {
        return home;
    }

    public Clock clock() {
        return clock;
    }

    /** The invocation's working directory (absolute). */
    public Path workingDir() {
        return workingDir;
    }

    /** Whether the invocation runs on a terminal (stdin and stdout), as {@code System.console() != null} says. */
    public boolean consoleAttached() {
        return consoleAttached;
    }

    public synchronized XdgDirs dirs() {
        if (dirs == null) {
            dirs = XdgDirs.from(env, home);
        }
        return dirs;
    }

    public synchronized PolicyLoader policyLoader() {
        if (loader == null) {
            loader = new PolicyLoader(new dev.scc.policy.schema.DocumentReader(), new dev.scc.policy.schema.SchemaValidator(providers()),
                    clock);
        }
        return loader;
    }

    /**
     * The agent providers installed with this CLI (their modules on the class path), discovered on first use so that
     * building the command tree ({@code scc --help}) never scans for them.
     */
    public synchronized dev.scc.core.spi.AgentProviderRegistry providers() {
        if (providers == null) {
            providers = dev.scc.core.spi.AgentProviderRegistry.load();
        }
        return providers;
    }

    public synchronized Governance governance() {
        if (governance == null) {
            DocumentReader reader = new DocumentReader();
            SchemaValidator validator = new SchemaValidator(providers());
            SourceResolver resolver = loopbackHttpForTests
                    ? SourceResolver.forLoopbackTests(home, workingDir)
                    : SourceResolver.of(home, workingDir);
            FetchOptions options = loopbackHttpForTests ? FetchOptions.forLoopbackTests() : FetchOptions.defaults();
            PolicyFetcher fetcher = new PolicyFetcher(dirs().sccCacheDir(), clock,
                    key -> Optional.ofNullable(env.get(key)), options);
            governance = new Governance(policyLoader(), new TrustMerge(providers()), dirs(), clock, workingDir, resolver, fetcher,
                    DocumentCheck.schema(reader, validator, DocumentKind.ORG),
                    DocumentCheck.schema(reader, validator, DocumentKind.TEAM), this::providers);
        }
        return governance;
    }

    /**
     * TEST ONLY: lets sources use plain HTTP on loopback so tests can serve documents from a local server.
     * Never set from user input.
     */
    public CliServices allowLoopbackHttpForTests() {
        this.loopbackHttpForTests = true;
        return this;
    }

    /** Whether {@link #allowLoopbackHttpForTests()} was called. */
    public boolean loopbackHttpForTests() {
        return loopbackHttpForTests;
    }
}
