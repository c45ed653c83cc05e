package dev.scc.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.app.governance.Governance;
import dev.scc.core.SccException;
import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.Session;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.spi.RendererRegistry;
import dev.scc.testkit.runtime.InMemoryRuntimeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A platform team's tool embeds the application layer: the README's embedding section, run against a fake runtime. */
class GovernedSessionsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private Path org;
    private InMemoryRuntimeBackend runtime;
    private GovernedSessions scc;

    @BeforeEach
    void embed() throws IOException {
        org = home.resolve("org.yaml");
        try (InputStream in = GovernedSessionsTest.class.getResourceAsStream("/embedding/org.yaml")) {
            Files.copy(in, org);
        }
        runtime = new InMemoryRuntimeBackend(new InMemoryRuntimeBackend.World(), CLOCK, -1);
        // The README's snippet, with the process's home, environment and clock replaced by the test's.
        scc = new GovernedSessions(Governance.standard(home, workspace, Map.of(), CLOCK), RendererRegistry.load(),
                AgentProviderRegistry.load(), runtime, Map.of("ANTHROPIC_API_KEY", "sk-test"), home.resolve("cache"),
                home.resolve("state"), CLOCK);
    }

    @Test
    void anEmbeddingToolLaunchesAGovernedSessionInAFewLines() {
        GovernedSessions.Plan plan = scc.plan(GovernedSessions.LaunchRequest.of(org.toString(), "backend", workspace));
        Session session = scc.launch(plan);

        assertThat(session.provider()).as("the only provider the team allows").isEqualTo("claude");
        assertThat(session.team()).contains("backend");
        assertThat(session.posture()).isEqualTo(NetworkPosture.WEB_EGRESS_ENFORCED);
        assertThat(session.live()).isTrue();
        assertThat(runtime.running(session)).isTrue();
        assertThat(plan.spec()).satisfies(spec -> {
            assertThat(spec.allowedHosts()).contains("github.com", "api.github.com");
            assertThat(spec.files()).extracting(SandboxFile::containerPath).contains("/etc/scc/safety-policy.json");
            assertThat(spec.files()).as("claude's native managed settings, rendered by its renderer")
                    .anyMatch(f -> f.containerPath().equals("/etc/claude-code/managed-settings.json"));
            assertThat(spec.env()).containsEntry("ANTHROPIC_API_KEY", "sk-test");
            assertThat(spec.policyFingerprint()).startsWith("sha256:");
        });
        assertThat(scc.sessions()).extracting(Session::id).containsExactly(session.id());
        assertThat(scc.stop(session.id()).live()).isFalse();
        assertThat(runtime.running(session)).isFalse();
    }

    @Test
    void thePlanTellsTheRuntimeWhichProgramsTheEnforcedOrgAndTeamCommandRulesNeedWrapped() throws IOException {
        Files.writeString(org, Files.readString(org).replace("profiles:\n  backend:\n", """
                delegation:
                  teams: {allow_rules: [backend]}
                rules:
                  - id: no-drop
                    match: {command: ["psql * -c *DROP*", "terraform destroy"]}
                    decision: deny
                  - id: shadow-deploy
                    match: {command: ["deploy"]}
                    decision: deny
                    enforce: false
                profiles:
                  backend:
                    rules:
                      - id: gh-delete
                        match: {command: ["gh repo delete"]}
                        decision: require_approval
                """));
        Files.writeString(workspace.resolve(".scc.yaml"), """
                rules:
                  - id: project-redis
                    match: {command: ["redis-cli flushall"]}
                    decision: deny
                """);
        GovernedSessions.Plan plan = scc.plan(GovernedSessions.LaunchRequest.of(org.toString(), "backend", workspace));

        assertThat(plan.runtimeSettings().wrappedPrograms()).as("terraform is wrapped in every image; a shadow rule and a"
                + " project rule require nothing").containsExactly("gh", "psql");
    }

    @Test
    void aProviderTheTeamMayNotUseIsRefusedWithAKindAndAFixAndNothingIsLaunched() {
        var request = GovernedSessions.LaunchRequest.of(org.toString(), "backend", workspace).withProvider("codex");

        assertThatThrownBy(() -> scc.plan(request)).isInstanceOf(SccException.class)
                .hasMessageContaining("codex").hasMessageContaining("claude")
                .extracting(e -> ((SccException) e).kind()).isEqualTo(SccException.Kind.REFUSED);
        assertThat(scc.sessions()).isEmpty();
    }

    @Test
    void anUnknownTeamIsNotFoundAndNamesTheTeamsThatExist() {
        assertThatThrownBy(() -> scc.plan(GovernedSessions.LaunchRequest.of(org.toString(), "frontend", workspace)))
                .isInstanceOf(SccException.class).hasMessageContaining("backend")
                .extracting(e -> ((SccException) e).kind()).isEqualTo(SccException.Kind.NOT_FOUND);
    }

    @Test
    void aMissingOrgFileIsNotFoundNotALaunchWithoutPolicy() {
        var request = GovernedSessions.LaunchRequest.of(home.resolve("no-such-org.yaml").toString(), "backend",
                workspace);

        assertThatThrownBy(() -> scc.plan(request)).isInstanceOf(SccException.class)
                .hasMessageContaining("no-such-org.yaml")
                .extracting(e -> ((SccException) e).kind()).isEqualTo(SccException.Kind.NOT_FOUND);
        assertThat(scc.sessions()).isEmpty();
    }

    @Test
    void aDryRunCreatesNothingAndShowsWhatTheRuntimeWouldCreate() {
        var plan = scc.plan(GovernedSessions.LaunchRequest.of(org.toString(), "backend", workspace));

        var dryRun = scc.dryRun(plan);

        assertThat(dryRun.objects().spec()).isEqualTo(plan.spec());
        assertThat(dryRun.objects().backend()).isEqualTo(InMemoryRuntimeBackend.ID);
        assertThat(dryRun.refusals()).isEmpty();
        assertThat(scc.sessions()).isEmpty();
    }

    @Test
    void aSecondLaunchOnALiveWorkspaceIsAConflictFromTheRuntime() {
        var plan = scc.plan(GovernedSessions.LaunchRequest.of(org.toString(), "backend", workspace));
        scc.launch(plan);

        assertThatThrownBy(() -> scc.launch(plan)).isInstanceOf(SccException.class)
                .extracting(e -> ((SccException) e).kind()).isEqualTo(SccException.Kind.CONFLICT);
    }

    // The application layer owns the runtime of a launch: found once, probed, configured for the plan, and closed
    // with the sessions object (a front end such as scc start builds no second backend).

    private final InMemoryRuntimeBackend.World world = new InMemoryRuntimeBackend.World();
    private final List<String> calls = new ArrayList<>();

    /**
     * An in-memory runtime that records each call as {@code NAME.method}; {@code configured} answers a second recorder
     * named {@code configured}, as a backend with settings answers an instance of its own.
     */
    private RuntimeBackend recorded(String name, RuntimeBackend target) {
        return (RuntimeBackend) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RuntimeBackend.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(target, args);
                    }
                    calls.add(name + "." + method.getName());
                    if (method.getName().equals("configured")) {
                        return recorded("configured", target);
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private GovernedSessions sessions(Supplier<RuntimeBackend> runtime) {
        return new GovernedSessions(Governance.standard(home, workspace, Map.of(), CLOCK), RendererRegistry.load(),
                AgentProviderRegistry.load(), runtime, Map.of("ANTHROPIC_API_KEY", "sk-test"), home.resolve("cache"),
                home.resolve("state"), CLOCK);
    }

    @Test
    void theRuntimeIsFoundOnceProbedConfiguredForThePlanAndClosedLastWithTheSessions() {
        AtomicInteger found = new AtomicInteger();
        GovernedSessions app = sessions(() -> {
            found.incrementAndGet();
            return recorded("base", new InMemoryRuntimeBackend(world, CLOCK, -1));
        });

        assertThat(app.probeRuntime()).isInstanceOf(Availability.Available.class);
        GovernedSessions.Plan plan = app.plan(GovernedSessions.LaunchRequest.of(org.toString(), "backend", workspace));
        RuntimeBackend governed = app.runtimeFor(plan);
        app.launch(plan, governed);
        assertThat(app.sessions()).hasSize(1);
        app.close();
        app.close();

        assertThat(found).as("one backend per launch").hasValue(1);
        assertThat(calls).containsExactly("base.availability", "base.configured", "configured.launch", "base.sessions",
                "configured.close", "base.close");
    }

    @Test
    void aRuntimePassedInStaysTheCallersWhenTheSessionsClose() {
        RuntimeBackend given = recorded("base", new InMemoryRuntimeBackend(world, CLOCK, -1));
        GovernedSessions app = new GovernedSessions(Governance.standard(home, workspace, Map.of(), CLOCK),
                RendererRegistry.load(), AgentProviderRegistry.load(), given, Map.of("ANTHROPIC_API_KEY", "sk-test"),
                home.resolve("cache"), home.resolve("state"), CLOCK);

        GovernedSessions.Plan plan = app.plan(GovernedSessions.LaunchRequest.of(org.toString(), "backend", workspace));
        app.launch(plan, app.runtimeFor(plan));
        app.close();

        assertThat(calls).containsExactly("base.configured", "configured.launch", "configured.close");
    }

    @Test
    void aSessionsObjectThatWasNeverUsedFindsNoRuntimeToClose() {
        AtomicInteger found = new AtomicInteger();
        sessions(() -> {
            found.incrementAndGet();
            return recorded("base", new InMemoryRuntimeBackend(world, CLOCK, -1));
        }).close();

        assertThat(found).hasValue(0);
        assertThat(calls).isEmpty();
    }
}
