package dev.scc.policy.exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExceptionStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private ExceptionStore store(Path file) {
        return new ExceptionStore(file, StoreKind.USER, Clock.fixed(NOW, ZoneOffset.UTC), new Random(42));
    }

    private Path copyReference() throws IOException {
        Path f = dir.resolve("exceptions.json");
        Files.copy(Path.of("src/test/resources/exception/reference-store.json"), f);
        return f;
    }

    private static NewException request(String ttl) {
        return new NewException(List.of("tool@mp"), List.of("jira"), "pairing on JIRA-1", Optional.ofNullable(ttl), Optional.empty(),
                Optional.of("bob"));
    }

    @Test
    void aKeyPastedIntoTheReasonIsNotStored() throws IOException {
        Path f = dir.resolve("exceptions.json");
        store(f).add(new NewException(List.of("tool@mp"), List.of(), "testing with OPENAI_API_KEY=sk-proj-AbCdEfGhIjKlMnOp",
                Optional.of("1h"), Optional.empty(), Optional.empty()));
        assertThat(Files.readString(f)).doesNotContain("sk-proj-AbCdEfGhIjKlMnOp").contains("[REDACTED]");
    }

    @Test
    void missingStoreIsEmptyWithoutWarnings() {
        StoreSnapshot s = store(dir.resolve("none.json")).load();
        assertThat(s.entries()).isEmpty();
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void readsReferenceFormatAndClassifiesExpiry() throws IOException {
        StoreSnapshot s = store(copyReference()).load();
        assertThat(s.entries()).extracting(LocalException::id)
                .containsExactly("local-20260101-bbbb", "local-20260301-aaaa", "local-20260301-cccc");
        assertThat(s.active(NOW)).extracting(LocalException::id).containsExactly("local-20260301-aaaa");
        assertThat(s.expired(NOW)).extracting(LocalException::id).containsExactly("local-20260101-bbbb", "local-20260301-cccc");
        LocalException active = s.active(NOW).get(0);
        assertThat(active.allowMcpServers()).containsExactly("jira");
        assertThat(active.allowPlugins()).isEmpty();
        assertThat(active.scope()).isEqualTo(ExceptionScope.LOCAL);
        assertThat(active.source()).isEqualTo(StoreKind.USER);
        assertThat(active.createdAt()).isEqualTo("2026-03-01T09:00:00Z");
    }

    @Test
    void addWritesIdTtlSortedKeysAndPrivateMode() throws IOException {
        Path f = dir.resolve("cfg/scc/exceptions.json");
        LocalException e = store(f).add(request(null));

        assertThat(e.id()).matches("local-20260301-[0-9a-f]{4}");
        assertThat(e.expiresAt()).isEqualTo("2026-03-01T20:00:00Z");
        assertThat(e.createdAt()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        String text = Files.readString(f);
        assertThat(text).startsWith("{\n  \"exceptions\": [\n    {\n      \"allow\": {\n");
        assertThat(text).contains("\"schema_version\": 1");
        assertThat(text.indexOf("\"created_at\"")).isLessThan(text.indexOf("\"expires_at\"")).isLessThan(text.indexOf("\"id\""));
        assertThat(store(f).load().entries()).containsExactly(e);
        try (var files = Files.list(f.getParent())) {
            // No temp file is left behind; the lock file stays on purpose (see FileLocks).
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("exceptions.json", "exceptions.json.lock");
        }
    }

    @Test
    void unknownKeysRoundTripAndEntriesAreSortedByCreatedAtThenId() throws IOException {
        Path f = copyReference();
        store(f).add(request("1h"));
        JsonNode root = JSON.readTree(f.toFile());
        assertThat(root.path("future_top_level").path("keep").asBoolean()).isTrue();
        assertThat(root.path("tool_version").asText()).isEqualTo("1.7.0");
        assertThat(root.path("exceptions").get(0).path("x_custom")).hasSize(2);
        List<String> created = root.path("exceptions").findValuesAsText("created_at");
        assertThat(created).containsExactly("2026-01-01T10:00:00Z", "2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z", "2026-03-01T12:00:00Z");
    }

    @Test
    void cleanupRemovesExpiredAndUnparseableEntriesOnly() throws IOException {
        Path f = copyReference();
        assertThat(store(f).cleanup()).isEqualTo(2);
        assertThat(store(f).load().entries()).extracting(LocalException::id).containsExactly("local-20260301-aaaa");
        assertThat(store(f).cleanup()).isZero();
    }

    @Test
    void deleteRemovesById() throws IOException {
        Path f = copyReference();
        assertThat(store(f).delete("local-20260301-aaaa")).isTrue();
        assertThat(store(f).delete("local-20260301-aaaa")).isFalse();
        assertThat(store(f).load().entries()).hasSize(2);
    }

    @Test
    void corruptStoreIsBackedUpAndTreatedAsEmpty() throws IOException {
        Path f = dir.resolve("exceptions.json");
        Files.writeString(f, "{ not json");
        StoreSnapshot s = store(f).load();
        assertThat(s.entries()).isEmpty();
        assertThat(s.warnings()).singleElement().asString().contains("corrupt").contains("exceptions.json.bak-20260301");
        assertThat(dir.resolve("exceptions.json.bak-20260301")).hasContent("{ not json");
        store(f).load();
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
        store(f).add(request("2h"));
        assertThat(store(f).load().entries()).hasSize(1);
    }

    @Test
    void newerSchemaIsIgnoredAndNeverOverwritten() throws IOException {
        Path f = dir.resolve("exceptions.json");
        String newer = "{\"schema_version\": 2, \"exceptions\": [{\"id\": \"x\", \"expires_at\": \"2099-01-01T00:00:00Z\"}]}";
        Files.writeString(f, newer);
        StoreSnapshot s = store(f).load();
        assertThat(s.entries()).isEmpty();
        assertThat(s.warnings()).singleElement().asString().contains("schema_version 2");
        assertThatThrownBy(() -> store(f).add(request(null))).isInstanceOf(ExceptionStoreException.class)
                .hasMessageContaining("newer scc");
        assertThat(store(f).cleanup()).isZero();
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo(newer);
    }

    @Test
    void reasonAndTargetAreRequired() {
        Path f = dir.resolve("e.json");
        assertThatThrownBy(() -> store(f).add(new NewException(List.of("x"), List.of(), "  ", Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(ExceptionStoreException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> store(f).add(new NewException(List.of(), List.of(), "r", Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(ExceptionStoreException.class).hasMessageContaining("nothing to allow");
        assertThat(f).doesNotExist();
    }

    @Test
    void findsRepoRootByWalkingUpToGit() throws IOException {
        Files.createDirectories(dir.resolve("repo/.git"));
        Files.createDirectories(dir.resolve("repo/a/b"));
        assertThat(ExceptionStore.findRepoRoot(dir.resolve("repo/a/b"))).contains(dir.resolve("repo").toAbsolutePath());
        assertThat(ExceptionStore.repoStorePath(dir.resolve("repo"))).isEqualTo(dir.resolve("repo/.scc/exceptions.json"));
        assertThat(ExceptionStore.userStorePath(dir)).isEqualTo(dir.resolve("scc/exceptions.json"));
    }
}
