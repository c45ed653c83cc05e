package dev.scc.cli.commands.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExceptionsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private Path config;
    private Path repo;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("config");
        repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve(".git"));
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("exceptions", "--config-home", config.toString(), "--repo", repo.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createThenListShowsTheUserStoreEntry() {
        Run c = run("create", "--allow-plugin", "tool@mp", "--allow-mcp", "jira", "--reason", "pairing", "--ttl", "2h");
        assertThat(c.exit()).isZero();
        assertThat(c.out()).containsPattern("Created local-\\d{8}-[0-9a-f]{4} in the user store");
        assertThat(config.resolve("scc/exceptions.json")).exists();

        Run l = run("list");
        assertThat(l.exit()).isZero();
        assertThat(l.out()).contains("plugin:tool@mp, mcp:jira").contains("pairing").containsPattern("expires in 1h59m|expires in 2h0m");
    }

    @Test
    void sharedGoesToTheRepoStore() {
        assertThat(run("create", "--allow-mcp", "wiki", "--reason", "team pilot", "--shared").exit()).isZero();
        assertThat(repo.resolve(".scc/exceptions.json")).exists();
        assertThat(config.resolve("scc/exceptions.json")).doesNotExist();
        assertThat(run("list").out()).contains("repo");
    }

    @Test
    void reasonIsRequiredAndTtlIsBounded() {
        assertThat(run("create", "--allow-plugin", "x").exit()).isEqualTo(2);
        Run tooLong = run("create", "--allow-plugin", "x", "--reason", "r", "--ttl", "48h");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).contains("24h");
        Run both = run("create", "--allow-plugin", "x", "--reason", "r", "--ttl", "1h", "--expires-at", "2099-01-01T00:00:00Z");
        assertThat(both.exit()).isEqualTo(2);
        Run nothing = run("create", "--reason", "r");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(config.resolve("scc/exceptions.json")).doesNotExist();
    }

    @Test
    void listCountsExpiredAndHintsCleanupThenCleanupRemovesThem() throws IOException {
        Files.createDirectories(config.resolve("scc"));
        Files.writeString(config.resolve("scc/exceptions.json"), """
                {"schema_version": 1, "exceptions": [
                  {"id": "local-20200101-aaaa", "created_at": "2020-01-01T00:00:00Z", "expires_at": "2020-01-01T08:00:00Z",
                   "reason": "old", "scope": "local", "allow": {"plugins": ["p"]}}]}""");
        Run l = run("list");
        assertThat(l.out()).contains("No active exceptions.").contains("1 expired exception; run 'scc exceptions cleanup'");

        Run json = run("list", "--json");
        JsonNode env = JSON.readTree(json.out());
        assertThat(env.path("kind").asText()).isEqualTo("ExceptionList");
        assertThat(env.path("data").path("expired_count").asInt()).isEqualTo(1);
        assertThat(env.path("data").path("expired").get(0).path("id").asText()).isEqualTo("local-20200101-aaaa");

        Run c = run("cleanup");
        assertThat(c.exit()).isZero();
        assertThat(c.out()).contains("Removed 1 expired exception");
        assertThat(run("list").out()).doesNotContain("expired exception");
    }

    @Test
    void deleteRemovesByIdAndUnknownIdIsNotFound() throws IOException {
        run("create", "--allow-plugin", "x", "--reason", "r");
        String id = JSON.readTree(run("list", "--json").out()).path("data").path("active").get(0).path("id").asText();
        assertThat(run("delete", id).exit()).isZero();
        Run again = run("delete", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no local exception");
    }

    @Test
    void helpListsTheSubcommands() {
        Run h = run("--help");
        assertThat(h.exit()).isZero();
        assertThat(h.out()).contains("list", "create", "delete", "cleanup");
    }

    @Test
    void corruptStoreIsReportedAsAWarning() throws IOException {
        Files.createDirectories(config.resolve("scc"));
        Files.writeString(config.resolve("scc/exceptions.json"), "not json");
        Run l = run("list");
        assertThat(l.exit()).isZero();
        assertThat(l.err()).contains("warning").contains("corrupt").contains(".bak-");
    }
}
