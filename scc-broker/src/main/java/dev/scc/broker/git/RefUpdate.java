package dev.scc.broker.git;

/**
 * One ref-update command of a push ({@code <old-oid> <new-oid> <ref>}). An all-zero old id creates the ref, an
 * all-zero new id deletes it.
 */
public record RefUpdate(String oldId, String newId, String ref) {
    /** True if the push deletes the ref. */
    public boolean isDelete() {
        return isZero(newId);
    }

    /** True if the push creates the ref. */
    public boolean isCreate() {
        return isZero(oldId);
    }

    /** The branch name for {@code refs/heads/…}, else empty. */
    public java.util.Optional<String> branch() {
        return ref.startsWith("refs/heads/") ? java.util.Optional.of(ref.substring("refs/heads/".length()))
                : java.util.Optional.empty();
    }

    static boolean isZero(String id) {
        return id.chars().allMatch(c -> c == '0');
    }
}
