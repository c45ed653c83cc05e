package dev.scc.cli.commands.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.model.UserConfig;
import dev.scc.policy.PolicyLoader;
import dev.scc.policy.files.BoundedFiles;
import dev.scc.policy.files.FileLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user config file ({@code $XDG_CONFIG_HOME/scc/config.json}, the reference's §2.3 format), read and
 * changed by read-modify-write on the JSON tree so keys SCC does not know (or a newer SCC wrote) survive.
 * Writes are atomic (a temp file in the same directory, then {@code ATOMIC_MOVE}) and the file is mode 0600
 * in a 0700 directory. A file that is not valid JSON is never overwritten: the update fails and names it.
 */
public final class UserConfigStore {
    static final String CONFIG_VERSION = "1.0.0";
    /** A user config larger than this is refused (it holds a few keys). */
    static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(UserConfigStore.class);

    private final Path file;
    private final PolicyLoader loader;

    public UserConfigStore(Path file, PolicyLoader loader) {
        this.file = file;
        this.loader = loader;
    }

    /** Where the config lives. */
    public Path file() {
        return file;
    }

    /** The typed user layer (what governance reads); {@link UserConfig#NONE} when there is no file yet. */
    public UserConfig read() {
        return loader.loadUser(file);
    }

    /** Applies {@code edits} to the current document and writes the result atomically. */
    public void update(Consumer<Edit> edits) {
        // Read-modify-write under the file's lock (threads and processes), so parallel edits are all kept.
        try {
            FileLocks.withLock(file, () -> {
                updateLocked(edits);
                return null;
            });
        } catch (IOException e) {
            throw new UserConfigException("cannot lock " + file + ": " + e.getMessage() + "; nothing was changed");
        }
    }

    private void updateLocked(Consumer<Edit> edits) {
        ObjectNode root = current();
        LOG.debug("read {} ({} keys)", file, root.size());
        if (!root.has("config_version")) {
            root.put("config_version", CONFIG_VERSION);
        }
        edits.accept(new Edit(root));
        write(root);
    }

    private ObjectNode current() {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return MAPPER.createObjectNode();
        }
        try {
            byte[] bytes = BoundedFiles.read(file, MAX_BYTES);
            if (bytes.length == 0) {
                return MAPPER.createObjectNode();
            }
            JsonNode n = MAPPER.readTree(bytes);
            if (n instanceof ObjectNode o) {
                return o;
            }
            throw new UserConfigException(file + ": expected a JSON object at $, found " + n.getNodeType()
                    + "; fix the file or remove it and run 'scc setup' again");
        } catch (JsonProcessingException e) {
            throw new UserConfigException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage() + "; fix the file or remove it and run 'scc setup' again");
        } catch (BoundedFiles.RefusedFile e) {
            throw new UserConfigException(file + ": " + e.problem() + "; expected a regular JSON file, fix it or"
                    + " remove it and run 'scc setup' again");
        } catch (IOException e) {
            throw new UserConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void write(ObjectNode root) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            createPrivateDirectories(dir);
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
            byte[] bytes = (MAPPER.writer(pp).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
            Path tmp = createPrivateTemp(dir);
            LOG.debug("writing {} through {}", file, tmp.getFileName());
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UserConfigException("cannot write " + file + ": " + e.getMessage() + "; nothing was changed");
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // Created concurrently: fine, it is a directory or the write below fails clearly.
            }
        } else {
            Files.createDirectories(dir);
        }
    }

    private static Path createPrivateTemp(Path dir) throws IOException {
        FileAttribute<?>[] attrs = posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        return Files.createTempFile(dir, ".config.json.", ".tmp", attrs);
    }

    /** Changes to the user config document; keys not touched stay as they were. */
    public static final class Edit {
        private final ObjectNode root;

        Edit(ObjectNode root) {
            this.root = root;
        }

        /** Connects an org: {@code organization_source.url}, keeping {@code auth} and other sub-keys. */
        public Edit organizationSource(String location) {
            JsonNode src = root.get("organization_source");
            ObjectNode o = src instanceof ObjectNode existing ? existing : root.putObject("organization_source");
            o.put("url", location);
            root.put("standalone", false);
            return this;
        }

        /** Standalone mode: no org config, nothing governed; forgets the org and its team. */
        public Edit standalone() {
            root.putNull("organization_source");
            root.putNull("selected_profile");
            root.put("standalone", true);
            return this;
        }

        public Edit selectedTeam(String team) {
            root.put("selected_profile", team);
            return this;
        }

        /** The team, or none (an org without team profiles: the org baseline). */
        public Edit selectedTeam(java.util.Optional<String> team) {
            if (team.isPresent()) {
                return selectedTeam(team.get());
            }
            root.putNull("selected_profile");
            return this;
        }

        public Edit selectedProvider(String provider) {
            root.put("selected_provider", provider);
            return this;
        }

        /** Pins {@code team} for the workspace at {@code absolutePath}. */
        public Edit pinWorkspace(String absolutePath, String team) {
            JsonNode m = root.get("workspace_team_map");
            ObjectNode map = m instanceof ObjectNode existing ? existing : root.putObject("workspace_team_map");
            map.put(absolutePath, team);
            return this;
        }
    }
}
