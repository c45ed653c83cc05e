package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.SandboxImages;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scc doctor}: engine, images and provider auth, each failure with its fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the policy, the engine, the SCC images and provider sign-in; print a fix for each failure.",
        footerHeading = "%nExamples:%n",
        footer = {"  scc doctor                  exit 5 when a check fails", "  scc doctor --provider codex --json"})
public final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--provider", description = "Check only this provider (default: every installed provider).")
    List<String> providers = new ArrayList<>();

    @Mixin
    JsonOption jsonOption;

    private final Supplier<? extends RuntimeBackend> backends;
    private final Map<String, String> env;
    private final java.util.Optional<dev.scc.cli.CliServices> services;

    /** The command as the composition root builds it: also checks the connected org policy. */
    public DoctorCommand(dev.scc.cli.CliServices services) {
        this.backends = RuntimeCli.defaultBackend(services);
        this.env = services.env();
        this.services = java.util.Optional.of(services);
    }

    DoctorCommand(Supplier<? extends RuntimeBackend> backends, Map<String, String> env) {
        this.backends = backends;
        this.env = env;
        this.services = java.util.Optional.empty();
    }

    /**
     * The resident server, for information (the launcher manages it; nothing here can be wrong): whether it is off,
     * running, or will start with the next read-only command.
     */
    static Check serverCheck(Map<String, String> env) {
        if ("0".equals(env.get("SCC_SERVER"))) {
            return new Check("server", true, "off (SCC_SERVER=0): every command runs in its own JVM", "");
        }
        java.nio.file.Path dir = dev.scc.cli.server.ServerSockets.directory(env);
        List<String> running = new ArrayList<>();
        for (java.nio.file.Path socket : dev.scc.cli.server.ServerSockets.list(dir)) {
            try {
                Map<String, String> status = dev.scc.cli.server.ServerSockets.status(socket);
                running.add("pid " + status.get("pid") + ", served " + status.get("served"));
            } catch (java.io.IOException e) {
                // a socket nobody answers: not running
            }
        }
        return new Check("server", true, running.isEmpty()
                ? "not running: the next read-only command starts one (" + dir + ")"
                : "running (" + String.join("; ", running) + ")", "");
    }

    /**
     * Is there a policy, and is it fresh enough to launch on? Reads the cache only: doctor never changes state.
     */
    static Check policyCheck(dev.scc.cli.CliServices s) {
        var user = s.policyLoader().loadUser(s.dirs().userConfigFile());
        if (user.standalone()) {
            return new Check("policy", true, "standalone: no org policy connected, nothing is governed", "");
        }
        if (user.organizationSource().isEmpty()) {
            return new Check("policy", false, "not set up: no org policy connected", "scc setup");
        }
        String source = user.organizationSource().get();
        try {
            var r = s.governance().fetchOrg(source, true);
            long max = dev.scc.app.governance.Governance.maxStaleAge(r).map(java.time.Duration::toHours).orElse(0L);
            String age = r.age().toHours() + "h";
            if (max > 0 && r.isStale(java.time.Duration.ofHours(max))) {
                return new Check("policy", false, source + " last confirmed " + age + " ago, older than "
                        + "defaults.max_stale_hours (" + max + "h): launches are refused", "scc org update");
            }
            // The same resolution 'scc start' makes here (saved team and provider, this workspace's .scc.yaml),
            // from the cache: a team the org dropped or a provider it no longer allows shows now, not at launch.
            var resolved = s.governance().resolve(new dev.scc.app.governance.GovernanceRequest(Optional.of(source),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
                    false));
            var e = resolved.effective();
            if (e.providerRefusal().isPresent()) {
                return new Check("policy", false, e.providerRefusal().get(), "scc provider set "
                        + String.join("|", e.allowedProviders()));
            }
            return new Check("policy", true, source + " (" + r.origin().name().toLowerCase(java.util.Locale.ROOT)
                    + ", confirmed " + age + " ago" + (max > 0 ? ", max " + max + "h" : "") + "), team "
                    + (e.team().isEmpty() ? "(none: org baseline)" : e.team()) + ", provider "
                    + e.provider().map(AgentProvider::id).orElse("(not chosen)"), "");
        } catch (dev.scc.app.governance.GovernanceException e) {
            return new Check("policy", false, e.getMessage(), "scc team switch NAME (or scc setup)");
        } catch (RuntimeException e) {
            return new Check("policy", false, "cannot read " + source + ": " + e.getMessage(), "scc org update");
        }
    }

    /** One check's outcome. */
    public record Check(String name, boolean ok, String detail, String fix) {}

    List<Check> checks(RuntimeBackend b) {
        AgentProviderRegistry installed = services.map(dev.scc.cli.CliServices::providers)
                .orElseGet(AgentProviderRegistry::load);
        List<String> ps = providers.isEmpty() ? installed.ids() : providers;
        List<Check> out = new ArrayList<>();
        Availability a = b.availability();
        boolean engineUp = a instanceof Availability.Available;
        if (a instanceof Availability.Available ok) {
            out.add(new Check("engine", true, ok.description(), ""));
        } else if (a instanceof Availability.Unavailable no) {
            out.add(new Check("engine", false, no.reason(), no.fix()));
        }
        // Only a backend that runs sessions from images it builds has images to check.
        Optional<SandboxImages> images = b.capability(SandboxImages.class);
        for (SandboxImages.RequiredImage img : images.map(i -> i.required(ps)).orElse(List.of())) {
            if (!engineUp) {
                out.add(new Check("image " + img.reference(), false, "not checked: engine unreachable",
                        "fix the engine first"));
                continue;
            }
            boolean present = images.get().imageId(img.reference()).isPresent();
            out.add(new Check("image " + img.reference(), present, present ? "present" : "missing",
                    present ? "" : "scc image build" + (img.buildFlags().isEmpty() ? "" : " " + img.buildFlags())));
        }
        for (String p : ps) {
            out.add(installed.find(p).map(ap -> authCheck(ap, env)).orElseGet(() -> new Check("provider " + p, false,
                    installed.unknown(p).getMessage(), "scc doctor --provider ID with one of: " + installed.describeIds())));
        }
        return out;
    }

    /**
     * How the sandbox's agent will sign in. Only the provider's credential variables reach a sandbox (host sign-in
     * files never do); without one the agent asks to sign in inside the sandbox, once per workspace. Both work, so
     * the check passes and says which way it will be.
     */
    static Check authCheck(String provider, Map<String, String> env) {
        return authCheck(AgentProviderRegistry.load().get(provider), env);
    }

    /** Where a set credential variable goes (docs/broker.md). */
    static final String BROKERED = "kept on the host by the credential broker (standalone, or an org that brokers it),"
            + " else passed into the sandbox";

    static Check authCheck(AgentProvider ap, Map<String, String> env) {
        String provider = ap.id();
        List<String> vars = ap.credentialEnv();
        List<String> set = vars.stream().filter(k -> env.get(k) != null && !env.get(k).isBlank()).toList();
        if (!set.isEmpty()) {
            return new Check("auth " + provider, true, String.join(", ", set)
                    + " set: " + BROKERED, "");
        }
        String token = ap.credentialHint().map(h -> "; " + h).orElse("");
        return new Check("auth " + provider, true, "no " + String.join(" or ", vars) + ": the agent asks to sign in "
                + "inside the sandbox, once per workspace", "to skip that, set " + String.join(" or ", vars) + token);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Check> checks = new ArrayList<>(RuntimeCli.with(backends, this::checks));
        services.ifPresent(sv -> checks.add(0, policyCheck(sv)));
        checks.add(serverCheck(env));
        boolean ok = checks.stream().allMatch(Check::ok);
        if (jsonOption.enabled()) {
            // status.ok matches the exit code: every failed check is an error with its fix.
            RuntimeCli.printJson(out, "DoctorReport", checks, checks.stream().filter(c -> !c.ok())
                    .map(c -> dev.scc.cli.output.JsonOutput.Problem.of(ExitCodes.PREREQUISITE, c.name() + ": "
                            + c.detail(), c.fix())).toList());
        } else {
            for (Check c : checks) {
                out.printf("%s %-32s %s%n", c.ok() ? "ok  " : "FAIL", c.name(), c.detail());
                if (!c.fix().isEmpty()) {
                    out.printf("     %-32s %s: %s%n", "", c.ok() ? "hint" : "fix", c.fix());
                }
            }
            out.flush();
        }
        if (!ok) {
            spec.commandLine().getErr().println("scc: " + checks.stream().filter(c -> !c.ok()).count()
                    + " check(s) failed: " + String.join(", ", checks.stream().filter(c -> !c.ok()).map(Check::name)
                            .toList()));
            spec.commandLine().getErr().flush();
        }
        return ok ? ExitCodes.OK : ExitCodes.PREREQUISITE;
    }
}
