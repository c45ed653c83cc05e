package dev.scc.runtime.docker;

import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.WorkspaceProtection;
import dev.scc.core.runtime.WorkspaceProtection.Mode;
import dev.scc.runtime.docker.internal.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bind mounts that make protected workspace paths read-only inside the sandbox, laid over the workspace mount.
 *
 * <p>A read-only mount of {@code .git/hooks} alone would not hold: the agent could rename {@code .git} away and
 * put a new one with its own hooks in its place. So a {@code .git} directory is also bind-mounted onto itself
 * (read-write: objects, refs, the index and reflogs stay writable), which makes it a mount point that can be
 * neither renamed nor removed. A {@code .git} file (a linked worktree or submodule checkout names its git
 * directory there) is mounted read-only itself.
 *
 * <p>Sources are resolved on the host without following a final symbolic link into the open: a protected path that
 * is a link resolving outside the workspace is refused (mounting it would show the agent a host file), fail closed.
 * Paths absent at launch get no mount (it would create them in the developer's workspace); they are reviewed.
 *
 * <p>{@code .git/commondir} redirects git to another directory for config and hooks (it is how linked worktrees
 * share a repository): an agent that writes it next to a config of its own defeats the read-only config. Where it
 * does not exist, SCC writes it with {@code .} (the repository itself: git behaves exactly as without it) and
 * mounts it read-only, so the name is taken for the session; {@code stop} removes it again.
 */
final class ProtectedMounts {
    static final String CONTAINER_WORKSPACE = "/workspace";

    /** The placeholder's content: the git directory itself. */
    static final String COMMONDIR_PIN = ".\n";

    /**
     * The mounts, the read-only paths that were absent at launch (for review), and the {@code commondir} pin to
     * write on the host before the container is created (when {@code .git/commondir} did not exist).
     */
    record Plan(List<ContainerSpec.Mount> mounts, List<String> absentReadOnly, java.util.Optional<Path> commondirPin) {}

    private ProtectedMounts() {}

    static Plan plan(Path workspace, WorkspaceProtection protection) {
        Path root;
        try {
            root = workspace.toRealPath();
        } catch (IOException e) {
            throw new RuntimeBackendException(Kind.INVALID, "cannot resolve the workspace " + workspace + ": "
                    + e.getMessage(), "pass an existing directory");
        }
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        boolean anyUnderGit = protection.paths().entrySet().stream()
                .anyMatch(e -> e.getValue() == Mode.READ_ONLY && (e.getKey().equals(".git")
                        || e.getKey().startsWith(".git/")));
        Path git = root.resolve(".git");
        java.util.Optional<Path> pin = java.util.Optional.empty();
        if (anyUnderGit && Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            mounts.add(new ContainerSpec.Mount(git.toString(), CONTAINER_WORKSPACE + "/.git", false, false));
            Path commondir = git.resolve("commondir");
            if (!Files.exists(commondir, LinkOption.NOFOLLOW_LINKS)) {
                pin = java.util.Optional.of(commondir);
            } else if (Files.isSymbolicLink(commondir)) {
                throw refused(workspace, ".git/commondir");
            }
            mounts.add(new ContainerSpec.Mount(commondir.toString(), CONTAINER_WORKSPACE + "/.git/commondir", true,
                    false));
        } else if (anyUnderGit && Files.isRegularFile(git, LinkOption.NOFOLLOW_LINKS)) {
            mounts.add(new ContainerSpec.Mount(git.toString(), CONTAINER_WORKSPACE + "/.git", true, false));
        } else if (anyUnderGit && Files.isSymbolicLink(git)) {
            throw refused(workspace, ".git");
        }
        for (var e : protection.paths().entrySet()) {
            if (e.getValue() != Mode.READ_ONLY) {
                continue;
            }
            String rel = e.getKey();
            if (rel.equals(".git") || (rel.startsWith(".git/") && !Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS))) {
                if (!rel.equals(".git") && !Files.exists(git, LinkOption.NOFOLLOW_LINKS)) {
                    absent.add(rel);
                }
                continue;
            }
            Path p = root.resolve(rel);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                absent.add(rel);
                continue;
            }
            Path real;
            try {
                real = p.toRealPath();
            } catch (IOException dangling) {
                throw refused(workspace, rel);
            }
            if (!real.startsWith(root) || real.equals(root)) {
                throw refused(workspace, rel);
            }
            mounts.add(new ContainerSpec.Mount(real.toString(), CONTAINER_WORKSPACE + "/" + rel, true, false));
        }
        return new Plan(List.copyOf(mounts), List.copyOf(absent), pin);
    }

    /** Writes the {@code commondir} pin; returns the undo (which removes it only if it is still the pin). */
    static Runnable writePin(Path pin) {
        try {
            Files.writeString(pin, COMMONDIR_PIN, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot write " + pin + ": " + e.getMessage(),
                    "check that the workspace's .git directory is writable");
        }
        return () -> removePin(pin.getParent().getParent());
    }

    /** Removes the {@code commondir} pin of the workspace, if it is there with exactly the pin's content. */
    static void removePin(Path workspace) {
        Path pin = workspace.resolve(".git").resolve("commondir");
        try {
            if (Files.isRegularFile(pin, LinkOption.NOFOLLOW_LINKS) && Files.size(pin) == COMMONDIR_PIN.length()
                    && Files.readString(pin).equals(COMMONDIR_PIN)) {
                Files.delete(pin);
            }
        } catch (IOException e) {
            // a pin left behind is harmless: git reads it as the repository itself
        }
    }

    private static RuntimeBackendException refused(Path workspace, String rel) {
        return new RuntimeBackendException(Kind.REFUSED, "protected path " + workspace.resolve(rel)
                + " is a symbolic link that does not resolve inside the workspace, so it cannot be made read-only "
                + "in the sandbox without exposing what it points to",
                "replace the link with the file or directory itself, or set its protection to 'review' or 'off'");
    }
}
