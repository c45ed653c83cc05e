package dev.scc.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify|tail|show|export --log} on a file that is not a regular file: a clear error, at once. */
class AuditVerifierSpecialFilesTest {
    @TempDir Path dir;

    @Test
    void devZeroOrAFifoAsTheLogIsRefusedNamingItInsteadOfReadForEver() throws Exception {
        Path fifo = dir.resolve("audit.jsonl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (Path log : new Path[] {Path.of("/dev/zero"), fifo}) {
            // A hang guard, not a timing assertion: /dev/zero never ends and a FIFO blocks until a writer comes.
            Throwable verify = CompletableFuture.supplyAsync(() -> catching(() -> new AuditVerifier().verify(log)))
                    .get(120, TimeUnit.SECONDS);
            Throwable read = CompletableFuture.supplyAsync(() -> catching(() -> new AuditVerifier().read(log)))
                    .get(120, TimeUnit.SECONDS);
            for (Throwable t : new Throwable[] {verify, read}) {
                assertThat(t).as(log.toString()).isInstanceOf(AuditException.class)
                        .hasMessageContaining(log.toString()).hasMessageContaining("not a regular file");
            }
        }
        assertThatThrownBy(() -> new AuditVerifier().verify(dir)).hasMessageContaining("not a regular file");
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
