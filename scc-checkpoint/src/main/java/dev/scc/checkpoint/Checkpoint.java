package dev.scc.checkpoint;

import java.time.Instant;

/**
 * One stored checkpoint of a workspace.
 *
 * @param id {@code yyyyMMdd-HHmmss-<8 hex of the manifest digest>}; sorts by creation time
 * @param created when it was taken
 * @param reason why ({@code launch}, {@code periodic}, {@code before-restore}, {@code risky: git reset --hard}, ...)
 * @param files regular files
 * @param directories directories (empty ones included)
 * @param links symbolic links
 * @param bytes the size of all files
 * @param newBytes what this checkpoint added to the store (unchanged content costs nothing)
 */
public record Checkpoint(String id, Instant created, String reason, int files, int directories, int links,
        long bytes, long newBytes) {}
