package dev.scc.policy.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads a local file only if it is a regular file (after following symbolic links) and only up to a cap.
 *
 * <p>{@code Files.size} of a FIFO, {@code /dev/zero} or {@code /dev/urandom} is 0, so checking the size and
 * then calling {@code readAllBytes} either hangs (a FIFO blocks in {@code open}) or reads until the heap is
 * gone. The kind is checked before the file is opened, and the read stops one byte past the cap whatever
 * the file claims its size is (a regular file can grow while it is read).
 */
public final class BoundedFiles {
    private BoundedFiles() {}

    /** Why a file was refused; the message says what the file is and what was expected. */
    public static final class RefusedFile extends IOException {
        private final String problem;

        RefusedFile(Path file, String problem) {
            super(file + ": " + problem);
            this.problem = problem;
        }

        /** The problem without the file name: "is a FIFO, not a regular file", "is larger than 4194304 bytes". */
        public String problem() {
            return problem;
        }
    }

    /**
     * The bytes of {@code file}, at most {@code maxBytes}.
     *
     * @throws NoSuchFileException if it does not exist (or is a dangling link)
     * @throws RefusedFile if it is not a regular file (directory, FIFO, device, socket, link loop) or is larger
     *     than {@code maxBytes}
     * @throws IOException if it cannot be read
     */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        requireRegular(file);
        try (InputStream in = Files.newInputStream(file)) {
            long cap = Math.min(maxBytes, Integer.MAX_VALUE - 16);
            byte[] buf = new byte[(int) Math.min(cap + 1, 64 * 1024)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n > cap) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(cap + 1, (long) buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n > cap) {
                throw new RefusedFile(file, "is larger than " + maxBytes + " bytes");
            }
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }
    }

    /**
     * Throws unless {@code file} is a regular file (symbolic links followed).
     *
     * @throws NoSuchFileException if it does not exist or is a dangling link
     * @throws RefusedFile for any other kind, naming it
     */
    public static BasicFileAttributes requireRegular(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw new RefusedFile(file, "is a dangling symbolic link");
            }
            throw e;
        } catch (java.nio.file.FileSystemException e) {
            // ELOOP (a link loop) and ENOTDIR (a path through a regular file) come through here.
            throw new RefusedFile(file, "cannot be resolved (" + reason(e) + ")");
        }
        if (!a.isRegularFile()) {
            throw new RefusedFile(file, "is " + kind(file, a) + ", not a regular file");
        }
        return a;
    }

    private static String reason(java.nio.file.FileSystemException e) {
        String r = e.getReason();
        return r == null ? e.getClass().getSimpleName() : r;
    }

    private static String kind(Path file, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        try {
            Object type = Files.getAttribute(file, "unix:mode");
            if (type instanceof Integer mode) {
                switch (mode & 0170000) {
                    case 0010000: return "a FIFO (named pipe)";
                    case 0020000: return "a character device";
                    case 0060000: return "a block device";
                    case 0140000: return "a socket";
                    default: break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // fall through to the generic answer
        }
        return "a special file";
    }
}
