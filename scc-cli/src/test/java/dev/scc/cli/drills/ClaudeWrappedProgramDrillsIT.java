package dev.scc.cli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A program only the org's own command rules name ({@code psql}: not in install-wrappers.sh's list) is wrapped in the
 * images {@code ./scc image build} makes for that org, so the evaluator judges it where it starts: the real Claude Code
 * runs a script that calls it by its absolute path, which the hook cannot see, and the wrapper's verdict (with the
 * org's rule id) stops it. The base is the offline rootfs plus a stand-in {@code /usr/local/bin/psql}, a test image of
 * this suite's own (its images take their own prefix); the user's order is {@code scc setup}, then {@code scc image
 * build}, which reads the connected org.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaudeWrappedProgramDrillsIT {
    static final String ORG = """
            schema_version: "1.0.0"
            organization: {name: Drills, id: drills}
            security:
              safety_net: {action: block}
            destination_sets:
              model-gateway: {hosts: [model.test]}
            defaults:
              network_policy: web-egress-enforced
              destination_sets: [model-gateway]
            profiles:
              dev:
                allowed_providers: [claude]
            rules:
              - id: no-psql-drop
                match: {command: ["psql -c *DROP*"]}
                decision: deny
                reason: Schema changes go through migrations, not through agents
                tests: {match: ["psql -c 'DROP TABLE users'"], not_match: ["psql -c 'SELECT 1'"]}
            """;
    /** The stand-in base: fixed, so its id (and the images built on it) stay the same from run to run. */
    static final String BASE = DrillWorld.IMAGE_PREFIX + "psql-rootfs:1";

    DrillWorld world;

    @BeforeAll
    void buildAndSetUp() {
        world = DrillWorld.ready(DrillWorld.Agent.CLAUDE, ORG, w -> {
            w.baseImage = standInBase(w);
            w.imagePrefix = DrillWorld.IMAGE_PREFIX + "psql-";
            // the user's order: connect the org first, so the image build reads its rules
            Path org = DrillWorld.write(w.home.resolve("org.yaml"), ORG);
            DrillWorld.Scc setup = w.scc("setup", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--yes");
            if (setup.code() != 0) {
                throw new AssertionError("scc setup failed: " + setup);
            }
        });
    }

    @AfterAll
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    /** The offline rootfs with a stand-in psql that records each run in the workspace's ran.log. */
    private static String standInBase(DrillWorld w) {
        try {
            Path ctx = Files.createDirectories(w.scratch.resolve("psql-base"));
            Path psql = DrillWorld.write(ctx.resolve("psql"), "#!/bin/sh\necho \"psql $*\" >> /workspace/ran.log\n"
                    + "echo \"psql ran: $*\"\n");
            Files.setPosixFilePermissions(psql, PosixFilePermissions.fromString("rwxr-xr-x"));
            DrillWorld.write(ctx.resolve("Dockerfile"), "FROM " + DrillWorld.ROOTFS + "\nCOPY psql /usr/local/bin/psql\n");
            w.docker.buildImageCmd(ctx.toFile()).withTags(Set.of(BASE)).withNetworkMode("none").withPull(false)
                    .withLabels(Map.of(DrillWorld.LABEL, "drills-psql-base")).start().awaitImageId();
            return BASE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> ran(Drill.Run r) {
        try {
            Path log = r.workspace.resolve("ran.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aProgramOnlyTheOrgsRuleNamesIsJudgedByItsWrapperWhenAScriptRunsItByPath() {
        Drill.Run r = new Drill(world, "psql by path").workspace(ws -> {
            DrillWorld.write(ws.resolve("db.sh"), "/usr/local/bin/psql -c 'DROP TABLE users'\n"
                    + "/usr/local/bin/psql -c 'SELECT 1'\n");
            return ws;
        }).script(s -> s.shell("sh db.sh").say("Done.")).run();

        assertThat(r.start.code()).as(r.toString()).isZero();
        assertThat(r.verdicts("hook:claude")).as("the hook saw only the script")
                .anyMatch(v -> v.path("command").asText().equals("sh db.sh") && v.path("decision").asText().equals("allow"));
        List<JsonNode> wrapper = r.verdicts("wrapper");
        assertThat(wrapper).as("the wrapper of /usr/local/bin/psql judged the DROP with the org's rule").anySatisfy(v -> {
            assertThat(v.path("command").asText()).contains("psql").contains("DROP TABLE users");
            assertThat(v.path("decision").asText()).isEqualTo("block");
            assertThat(v.path("rule").asText()).isEqualTo("no-psql-drop");
            assertThat(v.path("rule_origin").asText()).isEqualTo("org");
        });
        assertThat(wrapper).as("and let the SELECT run").anyMatch(v -> v.path("command").asText().contains("SELECT 1")
                && v.path("decision").asText().equals("allow"));
        assertThat(ran(r)).as("the stand-in psql ran the SELECT only").containsExactly("psql -c SELECT 1");
        assertThat(r.toolResults()).singleElement().asString().contains("Schema changes go through migrations")
                .contains("(rule: no-psql-drop)").contains("psql ran: -c SELECT 1");
        assertThat(r.auditRecords()).as("the host's audit log holds the wrapper's verdict")
                .anyMatch(n -> n.path("kind").asText().equals("safety.verdict") && n.path("agent").asText().equals("wrapper")
                        && n.path("decision").asText().equals("block")
                        && n.path("details").path("rule").asText().equals("no-psql-drop"));
        DrillWorld.Scc verify = world.scc("audit", "verify");
        assertThat(verify.code()).as(verify.toString()).isZero();
    }

    @Test
    void anOrgWhoseRulesNameAProgramTheImageWasNotBuiltToWrapIsRefusedAtStartWithTheBuildThatFixesIt() {
        Path stricter = DrillWorld.write(world.scratch.resolve("org-mysql.yaml"), ORG + """
                  - id: no-mysql
                    match: {command: ["mysql"]}
                    decision: deny
                """);
        Path ws = world.workspace();
        DrillWorld.Scc start = world.scc("start", "--org", stricter.toString(), "--team", "dev", "--prompt", "hi",
                ws.toString());

        assertThat(start.code()).as(start.toString()).isNotZero();
        assertThat(start.err()).contains("was not built to wrap mysql, which the org's command rules name")
                .contains("the image wraps only psql beyond the programs every image wraps")
                .contains("scc image build --provider claude");
        assertThat(start.out()).as("no session was started").doesNotContain("running");
        assertThat(world.scc("sessions").out()).as("and none is listed").doesNotContain(ws.toString());
    }
}
