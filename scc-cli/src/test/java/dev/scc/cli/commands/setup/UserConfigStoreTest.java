package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserConfigStoreTest {
    @TempDir Path dir;

    private UserConfigStore store() {
        return new UserConfigStore(dir.resolve("scc/config.json"), PolicyLoader.standard());
    }

    @Test
    void firstWriteCreatesAPrivateFileInAPrivateDirectory() throws IOException {
        store().update(e -> e.selectedTeam("backend"));
        Path file = dir.resolve("scc/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).isEqualTo("{\n  \"config_version\" : \"1.0.0\",\n  \"selected_profile\" : \"backend\"\n}\n");
        assertThat(store().read().selectedTeam()).contains("backend");
    }

    @Test
    void parallelPinsFromManyWritersAreAllKept() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        var start = new java.util.concurrent.CountDownLatch(1);
        var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (int i = 0; i < 20; i++) {
            String ws = "/work/ws" + i;
            done.add(pool.submit(() -> {
                start.await();
                store().update(e -> e.pinWorkspace(ws, "team" + ws.length()));
                return null;
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(store().read().workspaceTeams()).hasSize(20);
    }

    @Test
    void unknownKeysAndOrgAuthSurviveAnUpdate() throws IOException {
        Path file = Files.createDirectories(dir.resolve("scc")).resolve("config.json");
        Files.writeString(file, "{\"config_version\":\"1.0.0\",\"hooks\":{\"enabled\":true},\"onboarding_seen\":true,"
                + "\"organization_source\":{\"url\":\"https://old\",\"auth\":\"env:TOKEN\"}}");
        store().update(e -> e.organizationSource("/srv/org.yaml").selectedProvider("codex"));
        String text = Files.readString(file);
        assertThat(text).contains("\"hooks\" : {\n    \"enabled\" : true\n  }", "\"onboarding_seen\" : true",
                "\"auth\" : \"env:TOKEN\"", "\"url\" : \"/srv/org.yaml\"", "\"selected_provider\" : \"codex\"");
        assertThat(store().read().organizationSource()).contains("/srv/org.yaml");
    }

    @Test
    void standaloneForgetsTheOrgAndTheTeam() {
        store().update(e -> e.organizationSource("/srv/org.yaml").selectedTeam("backend"));
        store().update(UserConfigStore.Edit::standalone);
        assertThat(store().read().standalone()).isTrue();
        assertThat(store().read().organizationSource()).isEmpty();
        assertThat(store().read().selectedTeam()).isEmpty();
    }

    @Test
    void workspacePinsAccumulate() {
        store().update(e -> e.pinWorkspace("/a", "x"));
        store().update(e -> e.pinWorkspace("/b", "y"));
        assertThat(store().read().workspaceTeams()).containsEntry("/a", "x").containsEntry("/b", "y");
    }

    @Test
    void aCorruptFileIsNeverOverwrittenAndTheErrorNamesItAndTheFix() throws IOException {
        Path file = Files.createDirectories(dir.resolve("scc")).resolve("config.json");
        Files.writeString(file, "{\"selected_profile\": \n");
        assertThatThrownBy(() -> store().update(e -> e.selectedTeam("x")))
                .isInstanceOf(UserConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON")
                .hasMessageContaining("run 'scc setup' again")
                .satisfies(e -> assertThat(dev.scc.cli.ExitCodes.of(e)).isEqualTo(3));
        assertThat(Files.readString(file)).isEqualTo("{\"selected_profile\": \n");
        try (var s = Files.list(file.getParent())) {
            // No temp file left behind; the lock file stays on purpose (FileLocks).
            assertThat(s).containsExactlyInAnyOrder(file, file.resolveSibling("config.json.lock"));
        }
    }

    @Test
    void aJsonArrayIsRejectedAsNotAnObject() throws IOException {
        Path file = Files.createDirectories(dir.resolve("scc")).resolve("config.json");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> store().update(e -> e.selectedTeam("x"))).hasMessageContaining("expected a JSON object at $");
    }
}
