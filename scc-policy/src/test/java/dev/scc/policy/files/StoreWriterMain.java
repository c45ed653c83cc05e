package dev.scc.policy.files;

import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditLog;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.NewException;
import dev.scc.policy.exception.StoreKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A separate writer process for the parallel-store tests: {@code audit|exceptions|counter FILE N TAG} performs N
 * writes to one store, so the tests exercise locking across processes, not only threads.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        String tag = args[3];
        for (int i = 0; i < n; i++) {
            write(args[0], file, tag + "-" + i);
        }
    }

    /** One write of {@code kind} to {@code file}, named {@code item}. Shared by the thread and process writers. */
    static void write(String kind, Path file, String item) throws Exception {
        switch (kind) {
            case "audit" -> new AuditLog(file, Clock.systemUTC(), new dev.scc.safety.audit.Redactor())
                    .append(new AuditEvent.ConfigDecision(Optional.empty(), item, "plugins." + item, "allow", "test",
                            "org", Optional.empty()));
            case "exceptions" -> new ExceptionStore(file, StoreKind.USER, Clock.systemUTC(), new SecureRandom())
                    .add(new NewException(List.of(item + "@mp"), List.of(), "parallel " + item, Optional.of("1h"),
                            Optional.empty(), Optional.empty()));
            case "counter" -> FileLocks.withLock(file, () -> {
                // A plain read-modify-write that loses updates unless the lock holds.
                long v = Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
                Files.writeString(file, (v + 1) + "\n", StandardCharsets.UTF_8);
                return null;
            });
            default -> throw new IllegalArgumentException(kind);
        }
    }
}
