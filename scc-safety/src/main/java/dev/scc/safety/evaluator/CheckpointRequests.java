package dev.scc.safety.evaluator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The sandbox's side of "checkpoint before a risky command": the evaluator writes {@code <id>.req} (one line saying
 * what is about to run) into a directory the host watches (in the session's verdict spool, which only the evaluator's
 * user may write inside the sandbox), and waits for the host's {@code <id>.done} (the checkpoint's id) at most
 * {@code wait}; then the command proceeds whatever happened, protected by the checkpoints taken before. The host side
 * rate-limits (scc-cli {@code WorkspaceCheckpoints}). Never throws: a signal that cannot be sent is a checkpoint not
 * taken, not a command refused (the checkpoints are the boundary; this one only narrows the window).
 */
public final class CheckpointRequests {
    /** No host listens: nothing is written and nothing waited for. */
    public static final CheckpointRequests NONE = new CheckpointRequests(null, Duration.ZERO);

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final Duration wait;

    /** @param dir where requests go (created open to the host's user if missing); @param wait the longest wait */
    public CheckpointRequests(Path dir, Duration wait) {
        this.dir = dir;
        this.wait = wait;
    }

    /**
     * Asks the host for a checkpoint before {@code what} runs and waits for it (at most the configured time); the
     * checkpoint's id when the host answered in time.
     */
    public Optional<String> before(String what) {
        if (dir == null) {
            return Optional.empty();
        }
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        String id = System.currentTimeMillis() + "-" + HexFormat.of().formatHex(nonce);
        Path done = dir.resolve(id + ".done");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                // the host's user writes the answers (a host that is not root could not write into scc-safety's
                // directory); the spool itself is out of the agent's reach
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            Path tmp = dir.resolve(id + ".tmp");
            Files.writeString(tmp, what.replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(id + ".req"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (true) {
            try {
                if (Files.exists(done)) {
                    String answer = Files.readString(done, StandardCharsets.UTF_8).trim();
                    Files.deleteIfExists(done);
                    return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(50, pause * 2);
        }
    }
}
