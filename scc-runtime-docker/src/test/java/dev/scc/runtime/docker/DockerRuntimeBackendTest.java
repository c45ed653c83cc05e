package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.RuntimeBackends;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.egress.DenialReason;
import dev.scc.runtime.docker.egress.EgressAllowlist;
import dev.scc.runtime.docker.internal.ContainerSpec;
import dev.scc.runtime.docker.internal.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerRuntimeBackendTest {
    @TempDir Path state;
    @TempDir Path workspace;
    FakeEngine engine;
    DockerRuntimeBackend backend;
    final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void setUp() {
        engine = new FakeEngine();
        engine.images.put(ImageNames.DEFAULT.agent("claude"), new Engine.ImageInfo("sha256:a", Map.of(Labels.BASE_IMAGE, "debian:bookworm-slim")));
        engine.images.put(ImageNames.DEFAULT.proxy(), new Engine.ImageInfo("sha256:p", Map.of(Labels.BASE_IMAGE, "debian:bookworm-slim")));
        backend = backend(BlockedBaseImages.none());
    }

    private DockerRuntimeBackend backend(BlockedBaseImages blocked) {
        DockerBackendConfig cfg = DockerBackendConfig.fromEnvironment(Map.of("HOME", "/nonexistent"))
                .withStateDir(state).withBlockedBaseImages(blocked);
        return new DockerRuntimeBackend(cfg, () -> engine, () -> "s" + ids.incrementAndGet(),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private LaunchSpec enforced() {
        return LaunchSpec.of(workspace, "claude", NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("api.anthropic.com"));
    }

    @Test
    void isDiscoveredThroughServiceLoaderAsDocker() {
        assertThat(RuntimeBackends.discover(getClass().getClassLoader()).get("docker"))
                .isInstanceOf(DockerRuntimeBackend.class);
    }

    @Test
    void enforcedLaunchPutsTheAgentOnlyOnTheInternalNetworkWithoutDnsAndWithSccProxyVariables() {
        Session s = backend.launch(enforced().withEnv(Map.of("HTTPS_PROXY", "http://host-proxy:8080", "KEEP", "1")));
        ContainerSpec agent = engine.containers.get("scc-s1-agent");
        assertThat(agent.networkMode()).isEqualTo("scc-s1-net");
        assertThat(agent.dns()).containsExactly("127.0.0.1");
        assertThat(agent.sysctls()).as("no IPv6 link-local way to the host's end of the bridge")
                .containsEntry("net.ipv6.conf.all.disable_ipv6", "1");
        assertThat(engine.containers.get("scc-s1-proxy").sysctls()).isEmpty();
        assertThat(agent.env()).containsEntry("KEEP", "1")
                .containsEntry("HTTPS_PROXY", "http://scc-s1-proxy:3128")
                .containsEntry("https_proxy", "http://scc-s1-proxy:3128")
                .containsEntry("HTTP_PROXY", "http://scc-s1-proxy:3128")
                .containsEntry("http_proxy", "http://scc-s1-proxy:3128")
                .as("the agent's state lives in its home volume").containsEntry("CLAUDE_CONFIG_DIR", "/home/agent/.claude");
        assertThat(agent.mounts()).anySatisfy(m -> assertThat(m.target()).isEqualTo("/home/agent/.claude"));
        assertThat(engine.networks.get("scc-s1-net")).containsEntry(Labels.ROLE, "network");
        assertThat(engine.calls).contains("connect scc-s1-proxy bridge");
        assertThat(DockerRuntimeBackend.networks(s)).containsExactly("scc-s1-net");
        assertThat(DockerRuntimeBackend.proxyContainer(s)).contains("scc-s1-proxy");
    }

    @Test
    void anOrgsSandboxBaseImageKeepsTheAgentImagesOfThisVersion() {
        // Found by the Maven drill: with defaults.sandbox.base_image set, scc start looked for scc-agent-claude:latest.
        DockerRuntimeBackend governed = new DockerRuntimeBackend(DockerBackendConfig.fromEnvironment(Map.of()))
                .configured(dev.scc.core.runtime.RuntimeSettings.of(Map.of()).withGovernance(List.of(),
                        java.util.Optional.of("corp/jdk-base:21"), false));
        assertThat(governed.config().images().agent("claude")).isEqualTo(ImageNames.DEFAULT.agent("claude"))
                .endsWith(":" + ImageNames.VERSION);
        assertThat(governed.config().images().proxy()).isEqualTo(ImageNames.DEFAULT.proxy());
        assertThat(governed.config().images().base()).isEqualTo("corp/jdk-base:21");
    }

    @Test
    void everyCreatedObjectCarriesTheFourLabels() {
        Session s = backend.launch(enforced());
        List<Map<String, String>> all = new java.util.ArrayList<>();
        engine.containers.values().forEach(c -> all.add(c.labels()));
        all.addAll(engine.networks.values());
        all.addAll(engine.volumes.values());
        assertThat(all).hasSize(4).allSatisfy(l -> assertThat(l)
                .containsEntry(Labels.MANAGED, "true").containsEntry(Labels.SESSION, s.id())
                .containsEntry(Labels.WORKSPACE, s.workspaceHash()).containsKey(Labels.ROLE));
        assertThat(engine.containers.values()).extracting(c -> c.labels().get(Labels.ROLE))
                .containsExactlyInAnyOrder("agent", "proxy");
    }

    @Test
    void agentIsLimitedAndMountsOnlyTheWorkspaceFromTheHost() {
        backend.launch(enforced());
        ContainerSpec agent = engine.containers.get("scc-s1-agent");
        assertThat(agent.init()).isTrue();
        assertThat(agent.pidsLimit()).isPositive();
        assertThat(agent.memoryBytes()).isPositive();
        assertThat(agent.nanoCpus()).isPositive();
        assertThat(agent.capAdd()).containsExactlyInAnyOrder("SETUID", "SETGID");
        assertThat(agent.mounts()).filteredOn(m -> !m.volume()).singleElement()
                .satisfies(m -> assertThat(m.source()).isEqualTo(workspace.toString()));
        ContainerSpec proxy = engine.containers.get("scc-s1-proxy");
        assertThat(proxy.readOnlyRootfs()).isTrue();
        assertThat(proxy.capAdd()).isEmpty();
        assertThat(proxy.mounts()).isEmpty();
    }

    @Test
    void renderedFilesArePlacedBeforeTheAgentStarts() {
        SandboxFile f = new SandboxFile("/etc/scc/safety-policy.json", new byte[] {'{', '}'}, 0444);
        backend.launch(enforced().withFiles(List.of(f)));
        assertThat(engine.files.get("scc-s1-agent")).contains(f);
        assertThat(engine.calls.indexOf("putFiles scc-s1-agent")).isLessThan(engine.calls.indexOf("start scc-s1-agent"));
    }

    @Test
    void jvmToolsGetTheProxyThroughJavaToolOptionsAndMavenGlobalSettingsKeepingTheLaunchsOwnValues() {
        backend.launch(enforced().withEnv(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g", "MAVEN_ARGS", "-B")));
        ContainerSpec agent = engine.containers.get("scc-s1-agent");
        assertThat(agent.env().get("JAVA_TOOL_OPTIONS")).startsWith("-Xmx1g ")
                .contains("-Dhttp.proxyHost=scc-s1-proxy", "-Dhttps.proxyHost=scc-s1-proxy", "-Dhttps.proxyPort=3128");
        assertThat(agent.env().get("MAVEN_ARGS")).isEqualTo("--global-settings /etc/scc/maven/settings.xml -B");
        assertThat(engine.files.get("scc-s1-agent")).anySatisfy(f -> {
            assertThat(f.containerPath()).isEqualTo("/etc/scc/maven/settings.xml");
            assertThat(new String(f.content(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("<host>scc-s1-proxy</host>", "<port>3128</port>", "<protocol>https</protocol>",
                            "<mirrorOf>external:http:*</mirrorOf>");
        });
    }

    @Test
    void aPlacedMavenSettingsFileWinsOverTheDefault() {
        SandboxFile own = new SandboxFile("/etc/scc/maven/settings.xml", new byte[] {'x'}, 0644);
        backend.launch(enforced().withFiles(List.of(own)));
        assertThat(engine.files.get("scc-s1-agent")).filteredOn(f -> f.containerPath().endsWith("settings.xml"))
                .containsExactly(own);
    }

    @Test
    void aFailureAtAnyStepRemovesEverythingCreatedSoFar() {
        for (String step : List.of("createContainer scc-s%d-proxy", "connect", "start scc-s%d-proxy",
                "createVolume", "createContainer scc-s%d-agent", "putFiles", "start scc-s%d-agent")) {
            engine.failOn = step.formatted(ids.get() + 1);
            assertThatThrownBy(() -> backend.launch(enforced())).as(step).isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("injected failure");
            assertThat(engine.empty()).as("nothing left after failing at " + step).isTrue();
            assertThat(backend.sessions()).as("no record after failing at " + step).isEmpty();
        }
    }

    private DockerRuntimeBackend withApprovals() {
        engine.images.put(ImageNames.DEFAULT.agent("claude"), new Engine.ImageInfo("sha256:a", Map.of(Labels.BASE_IMAGE,
                "debian:bookworm-slim", "scc.safety-uid", "990", "scc.safety-gid", "991")));
        return new DockerRuntimeBackend(backend.config().withApprovals(true), () -> engine,
                () -> "s" + ids.incrementAndGet(), Clock.systemUTC());
    }

    @Test
    void approvalsMountTheSessionsRequestsReadWriteAndAnswersReadOnlyAndGiveTheKeyToTheEvaluatorOnly()
            throws Exception {
        Session s = withApprovals().launch(enforced());
        Path dir = state.resolve(s.id()).resolve("approvals");
        assertThat(engine.containers.get("scc-s1-agent").mounts()).contains(
                new ContainerSpec.Mount(dir.resolve("requests").toString(), "/var/lib/scc/approvals/requests", false,
                        false),
                new ContainerSpec.Mount(dir.resolve("answers").toString(), "/var/lib/scc/approvals/answers", true, false));
        String key = java.nio.file.Files.readString(dir.resolve("key"));
        assertThat(key).matches("[0-9a-f]{64}\n");
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(engine.owned.get("scc-s1-agent")).singleElement().satisfies(f -> {
            assertThat(f.containerPath()).isEqualTo("/etc/scc/approval.key");
            assertThat(f.mode()).isEqualTo(0400);
            assertThat(new String(f.content(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(key);
        });
        assertThat(engine.owners).containsEntry("scc-s1-agent", "990:991");
        assertThat(engine.files.get("scc-s1-agent")).noneMatch(f -> f.containerPath().contains("approval"));
    }

    @Test
    void withoutApprovalsNothingOfTheChannelIsMountedOrCopied() {
        backend.launch(enforced());
        assertThat(engine.containers.get("scc-s1-agent").mounts()).extracting(ContainerSpec.Mount::target)
                .containsExactly("/workspace", "/home/agent/.claude");
        assertThat(engine.owned).isEmpty();
        assertThat(state.resolve("s1")).doesNotExist();
    }

    @Test
    void approvalsIntoAnImageThatDoesNotDeclareItsEvaluatorUserAreRefusedBeforeAnythingIsCreated() {
        DockerRuntimeBackend b = withApprovals();
        engine.images.put(ImageNames.DEFAULT.agent("claude"), new Engine.ImageInfo("sha256:a", Map.of()));
        assertThatThrownBy(() -> b.launch(enforced())).isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("does not declare its evaluator user")
                .satisfies(ex -> assertThat(((RuntimeBackendException) ex).kind()).isEqualTo(Kind.INVALID));
        assertThat(engine.empty()).isTrue();
    }

    private DockerRuntimeBackend requiringWrapped(String... programs) {
        return backend.configured(dev.scc.core.runtime.RuntimeSettings.of(Map.of("HOME", "/nonexistent"))
                .withWrappedPrograms(Set.of(programs)));
    }

    private DockerRuntimeBackend onThisEngine(DockerRuntimeBackend configured) {
        return new DockerRuntimeBackend(configured.config().withStateDir(state), () -> engine,
                () -> "s" + ids.incrementAndGet(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void anImageNotBuiltToWrapAProgramTheRulesNameIsRefusedWithTheBuildThatFixesItAndNothingIsCreated() {
        engine.images.put(ImageNames.DEFAULT.agent("claude"), new Engine.ImageInfo("sha256:a", Map.of(Labels.BASE_IMAGE,
                "debian:bookworm-slim", ImageNames.WRAPPED_PROGRAMS_LABEL, "gh")));
        DockerRuntimeBackend b = onThisEngine(requiringWrapped("psql", "gh"));
        assertThatThrownBy(() -> b.launch(enforced())).isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("was not built to wrap psql, which the org's command rules name")
                .hasMessageContaining("(the image wraps only gh beyond the programs every image wraps)")
                .satisfies(ex -> {
                    assertThat(((RuntimeBackendException) ex).kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(((RuntimeBackendException) ex).fix()).contains("scc image build --provider claude");
                });
        assertThat(engine.empty()).isTrue();
        assertThat(b.preflight(b.plan(enforced()))).as("the dry run names the same refusal")
                .anySatisfy(x -> assertThat(x.getMessage()).contains("was not built to wrap psql"));
    }

    @Test
    void anImageFromBeforeTheLabelWrapsNoExtraProgramAndIsRefusedOnlyWhenTheRulesNeedOne() {
        assertThatThrownBy(() -> onThisEngine(requiringWrapped("psql")).launch(enforced()))
                .hasMessageContaining("was not built to wrap psql")
                .hasMessageContaining("the image wraps only the programs every image wraps");
        assertThat(engine.empty()).isTrue();
        Session s = onThisEngine(requiringWrapped()).launch(enforced());
        assertThat(s.id()).isNotEmpty();
    }

    @Test
    void anImageBuiltToWrapEveryProgramTheRulesNameLaunches() {
        engine.images.put(ImageNames.DEFAULT.agent("claude"), new Engine.ImageInfo("sha256:a", Map.of(Labels.BASE_IMAGE,
                "debian:bookworm-slim", ImageNames.WRAPPED_PROGRAMS_LABEL, "gh mysql psql")));
        DockerRuntimeBackend b = onThisEngine(requiringWrapped("psql", "gh"));
        assertThat(b.preflight(b.plan(enforced()))).isEmpty();
        assertThat(b.launch(enforced()).id()).isNotEmpty();
    }

    @Test
    void missingWrappersAreTheRequiredNamesTheLabelDoesNotList() {
        assertThat(DockerRuntimeBackend.missingWrappers(Set.of("psql", "gh", "mysql"), " gh  psql ")).contains(List.of("mysql"));
        assertThat(DockerRuntimeBackend.missingWrappers(Set.of("psql"), null)).contains(List.of("psql"));
        assertThat(DockerRuntimeBackend.missingWrappers(Set.of(), null)).isEmpty();
        assertThat(DockerRuntimeBackend.missingWrappers(Set.of("psql"), "psql")).isEmpty();
        assertThat(DockerRuntimeBackend.missingWrappers(Set.of("psql"), "psqlx")).contains(List.of("psql"));
    }

    @Test
    void aFailedLaunchWithApprovalsAlsoRemovesTheSessionsApprovalDirectory() {
        DockerRuntimeBackend b = withApprovals();
        for (String step : List.of("createContainer scc-s%d-agent", "putOwnedFiles", "start scc-s%d-agent")) {
            engine.failOn = step.formatted(ids.get() + 1);
            String sid = "s" + (ids.get() + 1);
            assertThatThrownBy(() -> b.launch(enforced())).as(step).hasMessageContaining("injected failure");
            assertThat(engine.empty()).as(step).isTrue();
            assertThat(state.resolve(sid)).as(step).doesNotExist();
        }
    }

    @Test
    void aProxyThatExitsAtStartFailsTheLaunchWithItsLogAndLeavesNothing() {
        FakeEngine dying = new FakeEngine();
        dying.images.putAll(engine.images);
        dying.proxyLog = "FATAL: Bungled /tmp/squid.conf line 3\n";
        dying.deadOnStart = "-proxy";
        DockerRuntimeBackend b = new DockerRuntimeBackend(backend.config(), () -> dying, () -> "d1", Clock.systemUTC());
        assertThatThrownBy(() -> b.launch(enforced())).hasMessageContaining("egress proxy exited at start")
                .hasMessageContaining("Bungled");
        assertThat(dying.empty()).isTrue();
    }

    @Test
    void secondStartOnTheSameWorkspaceIsAConflictNamingTheSession() {
        Session first = backend.launch(enforced());
        int objects = engine.containers.size() + engine.networks.size();
        assertThatThrownBy(() -> backend.launch(enforced()))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("already has a live session " + first.id())
                .hasMessageContaining("scc stop " + first.id())
                .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.CONFLICT);
        assertThat(engine.containers.size() + engine.networks.size()).isEqualTo(objects);
    }

    @Test
    void nameClashIsAConflictAndRollsBack() {
        engine.containers.put("scc-s1-agent", new ContainerSpec("scc-s1-agent", "x", Map.of(), java.util.Optional.empty(),
                List.of(), Map.of(), "none", List.of(), List.of(), List.of(), List.of(), false, Map.of(), false, 0, 0, 0,
                java.util.Optional.empty()));
        assertThatThrownBy(() -> backend.launch(enforced())).hasMessageContaining("name clash")
                .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.CONFLICT);
        assertThat(engine.containers).containsOnlyKeys("scc-s1-agent");
        assertThat(engine.networks).isEmpty();
    }

    @Test
    void missingImageIsNotFoundWithTheBuildCommand() {
        engine.images.remove(ImageNames.DEFAULT.proxy());
        assertThatThrownBy(() -> backend.launch(enforced())).hasMessageContaining(ImageNames.DEFAULT.proxy())
                .hasMessageContaining("scc image build");
        assertThat(engine.empty()).isTrue();
    }

    @Test
    void blockedBaseImageIsRefusedCaseInsensitivelyBeforeAnythingIsCreated() {
        DockerRuntimeBackend b = backend(new BlockedBaseImages(List.of("DEBIAN:*")));
        assertThatThrownBy(() -> b.launch(enforced())).hasMessageContaining("debian:bookworm-slim")
                .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.REFUSED);
        assertThat(engine.empty()).isTrue();
    }

    @Test
    void imageWithoutBaseLabelIsRefusedWhileABlocklistExists() {
        engine.images.put(ImageNames.DEFAULT.agent("claude"), new Engine.ImageInfo("sha256:a", Map.of()));
        DockerRuntimeBackend b = backend(new BlockedBaseImages(List.of("alpine*")));
        assertThatThrownBy(() -> b.launch(LaunchSpec.of(workspace, "claude", NetworkPosture.OPEN, Set.of())))
                .hasMessageContaining("cannot be checked");
    }

    @Test
    void lockedDownRefusesAProviderThatNeedsItsApiUnlessALocalModelIsConfigured() {
        LaunchSpec locked = LaunchSpec.of(workspace, "claude", NetworkPosture.LOCKED_DOWN_WEB, Set.of());
        assertThatThrownBy(() -> backend.launch(locked)).hasMessageContaining("needs its API")
                .hasMessageContaining("local model endpoint");
        assertThat(engine.calls).isEmpty();
        backend.launch(locked.withLocalModelEndpoint("http://127.0.0.1:11434"));
        assertThat(engine.containers.get("scc-s1-agent").networkMode()).isEqualTo("none");
        assertThat(engine.networks).isEmpty();
    }

    @Test
    void invalidDestinationIsRejectedBeforeTheEngineIsTouched() {
        assertThatThrownBy(() -> backend.launch(LaunchSpec.of(workspace, "claude", NetworkPosture.WEB_EGRESS_ENFORCED,
                Set.of("10.0.0.0/8")))).hasMessageContaining("'10.0.0.0/8'");
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void stopRemovesAgentThenProxyThenNetworkAndMarksTheRecordStopped() {
        Session s = backend.launch(enforced());
        Session stopped = backend.stop(s.id().substring(0, 2));
        assertThat(stopped.live()).isFalse();
        List<String> removals = engine.calls.stream().filter(c -> c.startsWith("remove")).toList();
        assertThat(removals).containsExactly("removeContainer scc-s1-agent", "removeContainer scc-s1-proxy",
                "removeNetwork scc-s1-net");
        assertThat(backend.session(s.id()).orElseThrow().stoppedAt()).isPresent();
        backend.prune();
        assertThat(engine.empty()).isTrue();
    }

    @Test
    void pruneKeepsLiveSessionsAndRemovesOrphans() {
        Session live = backend.launch(enforced());
        engine.networks.put("scc-old-net", Map.of(Labels.MANAGED, "true", Labels.SESSION, "old", Labels.ROLE, "network",
                Labels.WORKSPACE, "w"));
        var report = backend.prune();
        assertThat(report.objects()).containsExactly(new RuntimeObject("network", "network", "scc-old-net"));
        assertThat(engine.containers).containsKeys("scc-s1-agent", "scc-s1-proxy");
        assertThat(backend.session(live.id()).orElseThrow().live()).isTrue();
    }

    @Test
    void pruneDryRunListsWhatPruneRemovesAndRemovesNothing() {
        Session s = backend.launch(enforced());
        backend.stop(s.id());
        engine.networks.put("scc-old-net", Map.of(Labels.MANAGED, "true", Labels.SESSION, "old", Labels.ROLE, "network",
                Labels.WORKSPACE, "w"));
        int calls = engine.calls.size();
        var planned = backend.prune(true);
        assertThat(planned.objects()).contains(new RuntimeObject("network", "network", "scc-old-net"));
        assertThat(engine.calls.subList(calls, engine.calls.size())).noneMatch(c -> c.startsWith("remove"));
        assertThat(engine.networks).containsKey("scc-old-net");
        assertThat(backend.prune()).isEqualTo(planned);
        assertThat(engine.networks).doesNotContainKey("scc-old-net");
    }

    @Test
    void preflightShowsEveryRefusalTheLaunchWouldMakeAndCreatesNothing() {
        Session first = backend.launch(enforced());
        String proxyImage = backend.plan(enforced()).images().get("proxy");
        engine.images.remove(proxyImage);
        int calls = engine.calls.size();
        DockerRuntimeBackend b = backend(new BlockedBaseImages(List.of("debian:bookworm-slim")));
        List<RuntimeBackendException> refusals = b.preflight(b.plan(enforced()));
        assertThat(refusals).extracting(RuntimeBackendException::kind)
                .containsExactly(Kind.CONFLICT, Kind.REFUSED, Kind.NOT_FOUND);
        assertThat(refusals.get(0)).hasMessageContaining("already has a live session " + first.id());
        assertThat(refusals.get(1)).hasMessageContaining("debian:bookworm-slim");
        assertThat(refusals.get(2)).hasMessageContaining(proxyImage).hasMessageContaining("scc image build");
        assertThat(engine.calls.subList(calls, engine.calls.size())).noneMatch(c -> c.startsWith("create")
                || c.startsWith("remove") || c.startsWith("start") || c.startsWith("pull"));
        assertThat(backend.preflight(backend.plan(enforced().withResume(true)))).extracting(RuntimeBackendException::kind)
                .containsExactly(Kind.NOT_FOUND);
    }

    @Test
    void preflightRefusesABlockedImageNameWhetherOrNotItIsBuiltYet() {
        engine.images.remove("scc-agent-claude:latest");
        String agent = ImageNames.DEFAULT.agent("claude");
        DockerRuntimeBackend b = backend(new BlockedBaseImages(List.of(agent)));
        assertThat(b.preflight(b.plan(enforced()))).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Kind.REFUSED);
            assertThat(r).hasMessageContaining("image '" + agent + "' is blocked by security.blocked_base_images");
        });
    }

    @Test
    void codexResumesWithItsOwnSubcommandNotDashC() {
        assertThat(backend.agentCommand("codex", true))
                .containsExactly("codex", "--dangerously-bypass-approvals-and-sandbox", "resume", "--last");
        assertThat(backend.agentCommand("claude", true)).contains("--continue");
        assertThat(backend.agentCommand("claude", false)).doesNotContain("--continue");
    }

    @Test
    void parsesDenialsFromTheAccessLog() {
        String log = """
                2026-01-01T00:00:00+0000 10.0.0.2 TCP_DENIED/403 GET http://denied.test/
                2026-01-01T00:00:01+0000 10.0.0.2 TCP_MISS/200 GET http://web.test/
                2026-01-01T00:00:02+0000 10.0.0.2 TCP_DENIED/403 CONNECT 198.51.100.10:443
                """;
        var d = DockerRuntimeBackend.parseDenials(log, EgressAllowlist.of(List.of("web.test")));
        assertThat(d).extracting(ProxyDenial::reason).containsExactly(DenialReason.NOT_ALLOWLISTED, DenialReason.IP_LITERAL);
    }

    @Test
    void sessionRecordsSurviveARoundTripAndSortNewestFirst() {
        Session s = backend.launch(enforced());
        DockerRuntimeBackend other = backend(BlockedBaseImages.none());
        assertThat(other.sessions()).containsExactly(s);
    }

    /** A backend on the fake engine, as the process environment would configure it, counting the clients it opens. */
    private DockerRuntimeBackend counting(AtomicInteger opened) {
        DockerBackendConfig cfg = DockerBackendConfig.fromEnvironment(Map.of("HOME", "/nonexistent")).withStateDir(state);
        return new DockerRuntimeBackend(cfg, () -> {
            opened.incrementAndGet();
            return engine;
        }, () -> "s" + ids.incrementAndGet(), Clock.systemUTC());
    }

    @Test
    void aBackendConfiguredFromAConnectedOneSharesItsEngineClientAndLeavesItOpenWhenClosed() {
        AtomicInteger opened = new AtomicInteger();
        DockerRuntimeBackend base = counting(opened);
        assertThat(base.availability()).isInstanceOf(dev.scc.core.runtime.Availability.Available.class);

        DockerRuntimeBackend governed = base.configured(dev.scc.core.runtime.RuntimeSettings.of(Map.of("HOME",
                "/nonexistent")).withGovernance(List.of("debian:evil"), java.util.Optional.empty(), true));
        assertThat(governed).isNotSameAs(base);
        assertThat(governed.config().blockedBaseImages().match("debian:evil")).as("the plan's settings apply")
                .isPresent();
        assertThat(governed.availability()).isInstanceOf(dev.scc.core.runtime.Availability.Available.class);
        governed.close();
        assertThat(engine.closes).as("the shared client stays open for the backend that opened it").isZero();
        base.close();

        assertThat(opened).as("one engine client for both").hasValue(1);
        assertThat(engine.closes).isEqualTo(1);
    }

    @Test
    void aBackendConfiguredFromAnUnusedOneOpensNothingOfThatOne() {
        AtomicInteger opened = new AtomicInteger();
        DockerRuntimeBackend unused = counting(opened);

        unused.configured(dev.scc.core.runtime.RuntimeSettings.of(Map.of("HOME", "/nonexistent"))).close();
        unused.close();

        assertThat(opened).hasValue(0);
        assertThat(engine.closes).isZero();
    }
}
