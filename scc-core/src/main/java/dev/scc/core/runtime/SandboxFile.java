package dev.scc.core.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file placed inside a sandbox (rendered native files, the safety policy): an absolute container path, its bytes
 * and its POSIX mode. Backends place it root-owned and never writable by the agent user (group and other write bits
 * are ignored). The render SPI's {@link dev.scc.core.spi.RenderedFile} is a different contract (a path relative to
 * an output root, and whole-file or managed-block ownership for writing beside user files); the launch maps one to
 * the other.
 */
public record SandboxFile(String containerPath, byte[] content, int mode) {
    public SandboxFile {
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
        return o instanceof SandboxFile r && r.containerPath.equals(containerPath) && r.mode == mode
                && Arrays.equals(r.content, content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(containerPath, mode, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "SandboxFile[" + containerPath + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode)
                + "]";
    }
}
