package dev.scc.policy.exception;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.assertj.core.api.Assertions;

class ExceptionStorePropertyTest {
    @Property(tries = 300)
    void anyFileContentLoadsAsEntriesOrEmptyWithWarningAndCleanupNeverThrows(@ForAll("contents") String content) throws IOException {
        Path dir = Files.createTempDirectory("scc-exc-prop");
        try {
            Path f = dir.resolve("exceptions.json");
            Files.writeString(f, content, StandardCharsets.UTF_8);
            ExceptionStore store = new ExceptionStore(f, StoreKind.REPO, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC),
                    new Random(1));
            StoreSnapshot s = store.load();
            Assertions.assertThat(s.entries()).allSatisfy(e -> Assertions.assertThat(e.source()).isEqualTo(StoreKind.REPO));
            Assertions.assertThat(store.cleanup()).isGreaterThanOrEqualTo(0);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Provide
    Arbitrary<String> contents() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"schema_version\"", "\"exceptions\"", "\"id\"",
                "\"expires_at\"", "\"allow\"", "\"plugins\"", "1", "2", "null", "\"x\"", "\"2030-01-01T00:00:00Z\"", "true", " ");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(30).map(l -> String.join("", l)), Arbitraries.strings().ofMaxLength(50),
                Arbitraries.of("{\"schema_version\":1,\"exceptions\":[{\"id\":\"a\",\"expires_at\":\"2020-01-01T00:00:00Z\",\"allow\":5}]}",
                        "{\"exceptions\":[1,\"x\",{\"id\":3}]}", "{\"schema_version\":\"1\"}", "[]"));
    }
}
