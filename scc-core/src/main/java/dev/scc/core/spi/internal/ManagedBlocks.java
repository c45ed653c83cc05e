package dev.scc.core.spi.internal;

import java.util.Optional;

/**
 * Marked blocks in markdown files SCC shares with their users. Inserting appends {@code "\n" + block} to non-empty
 * content, so removing the block (and that one newline) gives back the original bytes exactly.
 */
public final class ManagedBlocks {
    private ManagedBlocks() {}

    public static String start(String owner) {
        return "<!-- SCC-MANAGED START owner=" + owner + " (do not edit) -->";
    }

    public static String end(String owner) {
        return "<!-- SCC-MANAGED END owner=" + owner + " -->";
    }

    /** The whole block for a body. */
    public static String block(String owner, String body) {
        String b = body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
        return start(owner) + "\n" + b + end(owner) + "\n";
    }

    /** {@code existing} with the owner's block replaced in place, or appended when absent. */
    public static String upsert(String existing, String owner, String body) {
        String block = block(owner, body);
        Optional<int[]> r = region(existing, owner);
        if (r.isPresent()) {
            return existing.substring(0, r.get()[0]) + block + existing.substring(r.get()[1]);
        }
        return existing.isEmpty() ? block : existing + "\n" + block;
    }

    /** {@code existing} without the owner's block (and the newline inserted before it). */
    public static String remove(String existing, String owner) {
        Optional<int[]> r = region(existing, owner);
        if (r.isEmpty()) {
            return existing;
        }
        int from = r.get()[0];
        if (from > 0 && existing.charAt(from - 1) == '\n') {
            from--;
        }
        return existing.substring(0, from) + existing.substring(r.get()[1]);
    }

    private static Optional<int[]> region(String s, String owner) {
        int a = s.indexOf(start(owner));
        if (a < 0) {
            return Optional.empty();
        }
        int b = s.indexOf(end(owner), a);
        if (b < 0) {
            return Optional.empty();
        }
        int e = b + end(owner).length();
        if (e < s.length() && s.charAt(e) == '\n') {
            e++;
        }
        return Optional.of(new int[] {a, e});
    }
}
