package dev.scc.checkpoint;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One directory of the workspace as a checkpoint walks it, opened relative to its parent's open descriptor without
 * following links (openat with O_NOFOLLOW, through the JDK's {@link SecureDirectoryStream}); its entries are read and
 * opened relative to it the same way. The checkpoint runs on the host while the agent works: an agent that swaps a
 * directory for a link to a host path between two steps of a walk makes that directory vanish from the checkpoint,
 * and never gets the host's files copied into the store (from where a restore would hand them to the next session).
 * Opened lazily (a directory the watcher vouches for is opened only when a subdirectory below it must be listed) and
 * closed when the walk leaves it. Where the platform has no secure directory streams, paths are used, with only the
 * last component not followed.
 */
final class WorkspaceDir implements AutoCloseable {
    private final WorkspaceDir parent;
    private final Path path;
    private final boolean secure;
    private SecureDirectoryStream<Path> stream;

    private WorkspaceDir(WorkspaceDir parent, Path path, boolean secure, SecureDirectoryStream<Path> stream) {
        this.parent = parent;
        this.path = path;
        this.secure = secure;
        this.stream = stream;
    }

    /** The walk's top: {@code root}, a real directory (resolved by the caller). */
    static WorkspaceDir root(Path root) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (ds instanceof SecureDirectoryStream<Path> s) {
            return new WorkspaceDir(null, root, true, s);
        }
        ds.close();
        return new WorkspaceDir(null, root, false, null);
    }

    /** The subdirectory {@code name}, not opened yet. */
    WorkspaceDir child(String name) {
        return new WorkspaceDir(this, path.resolve(name), secure, null);
    }

    Path path() {
        return path;
    }

    /**
     * The entry is no longer what its directory's listing saw (a link, or another kind of file, now): the walk leaves
     * it out of this checkpoint. Any other failure is a real one and fails the checkpoint.
     */
    static final class Swapped extends FileSystemException {
        private static final long serialVersionUID = 1L;

        Swapped(Path entry) {
            super(entry.toString(), null, "no longer what its directory listed (a link now?): not followed");
        }
    }

    /** The entries (as workspace paths); once per directory. {@link Swapped} when it is no directory now. */
    List<Path> entries() throws IOException {
        List<Path> out = new ArrayList<>();
        try {
            if (secure) {
                for (Path p : open()) {
                    out.add(path.resolve(p.getFileName().toString()));
                }
                return out;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                ds.forEach(out::add);
            }
            return out;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            throw parent != null && !parent.isStill(path, true) ? new Swapped(path) : e;
        }
    }

    /** The attributes of the entry {@code child}, a link's own. */
    PosixFileAttributes attributes(Path child) throws IOException {
        if (secure) {
            return open().getFileAttributeView(child.getFileName(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }
        return Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** The entry {@code child} opened for reading; {@link Swapped} when it is a link now. */
    SeekableByteChannel read(Path child) throws IOException {
        try {
            if (secure) {
                return open().newByteChannel(child.getFileName(),
                        Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            }
            return Files.newByteChannel(child, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            // O_NOFOLLOW meeting a link fails with ELOOP, which the JDK reports as a plain IOException.
            throw isStill(child, false) ? e : new Swapped(child);
        }
    }

    /** Whether the entry {@code child} is still a directory (or, {@code directory} false, not a link); gone: yes. */
    private boolean isStill(Path child, boolean directory) {
        try {
            PosixFileAttributes a = attributes(child);
            return directory ? a.isDirectory() : !a.isSymbolicLink();
        } catch (IOException gone) {
            return true; // the original failure stands
        }
    }

    private SecureDirectoryStream<Path> open() throws IOException {
        if (stream == null) {
            stream = parent.open().newDirectoryStream(path.getFileName(), LinkOption.NOFOLLOW_LINKS);
        }
        return stream;
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }
}
