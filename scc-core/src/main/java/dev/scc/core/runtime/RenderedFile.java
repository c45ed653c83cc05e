package dev.scc.core.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file a renderer produced for the inside of a sandbox: an absolute container path, its bytes and its
 * POSIX mode. Backends place it root-owned and never writable by the agent user (group and other write
 * bits are ignored).
 */
public record RenderedFile(String containerPath, byte[] content, int mode) {
    public RenderedFile {
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(content, "content");
        if (!containerPath.startsWith("/") || containerPath.contains("/../") || containerPath.endsWith("/..")
                || containerPath.endsWith("/")) {
            throw new IllegalArgumentException("rendered file path must be an absolute file path without '..': "
                    + containerPath);
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("rendered file mode must be a POSIX mode (0..07777): " + mode);
        }
        content = content.clone();
    }

    /** A copy of the bytes (records are shallow; this one is not). */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The mode actually applied: setuid/setgid and write bits for group and other removed. */
    public int effectiveMode() {
        return mode & 0755;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedFile r && r.containerPath.equals(containerPath) && r.mode == mode
                && Arrays.equals(r.content, content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(containerPath, mode, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "RenderedFile[" + containerPath + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode)
                + "]";
    }
}
