package dev.scc.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.PolicyException;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.UserConfig;
import dev.scc.policy.document.PolicyDocuments;
import dev.scc.policy.document.ShapeException;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.LocalException;
import dev.scc.policy.exception.StoreKind;
import dev.scc.policy.files.BoundedFiles;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.schema.SchemaValidator;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Loads the documents of the trust hierarchy from local files into the core model: read (JSON or YAML 1.2),
 * validate against the shipped schema (org, team), map. Every failure is a {@link PolicyDocumentException}
 * naming the file, the JSON path and what was expected.
 */
public final class PolicyLoader {
    private final DocumentReader reader;
    private final SchemaValidator validator;
    private final Clock clock;

    @Inject
    public PolicyLoader(DocumentReader reader, SchemaValidator validator, Clock clock) {
        this.reader = reader;
        this.validator = validator;
        this.clock = clock;
    }

    /** A loader with the default reader and validator and the system clock. */
    public static PolicyLoader standard() {
        return new PolicyLoader(new DocumentReader(), new SchemaValidator(), Clock.systemUTC());
    }

    /** A loaded org config with where it came from and a fingerprint of its bytes. */
    public record OrgDocument(OrgConfig config, String file, String fingerprint) {}

    /** Reads, validates and maps an org config file. */
    public OrgDocument loadOrg(Path file) {
        byte[] bytes = readBytes(file);
        return parseOrg(file.toString(), bytes);
    }

    /** Validates and maps org config bytes (from a file or a fetched source). */
    public OrgDocument parseOrg(String name, byte[] bytes) {
        JsonNode tree = reader.parse(name, bytes);
        validator.requireValid(DocumentKind.ORG, name, tree);
        return new OrgDocument(map(name, () -> PolicyDocuments.org(tree, name)), name, sha256(bytes));
    }

    /** Maps an org tree that was already parsed and validated (by a source fetch) into the model. */
    public OrgDocument fromValidatedTree(String name, JsonNode tree, String fingerprint) {
        return new OrgDocument(map(name, () -> PolicyDocuments.org(tree, name)), name, fingerprint);
    }

    /** Maps a team config tree that was already parsed and validated (by a source fetch). */
    public TeamConfig teamFromValidatedTree(String name, JsonNode tree) {
        return map(name, () -> PolicyDocuments.team(tree, name));
    }

    /** Reads, validates and maps a federated team config file. */
    public TeamConfig loadTeamConfig(Path file) {
        return parseTeamConfig(file.toString(), readBytes(file));
    }

    /** Validates and maps team config bytes. */
    public TeamConfig parseTeamConfig(String name, byte[] bytes) {
        JsonNode tree = reader.parse(name, bytes);
        validator.requireValid(DocumentKind.TEAM, name, tree);
        return map(name, () -> PolicyDocuments.team(tree, name));
    }

    /**
     * The project layer from a {@code .scc.yaml} found in a workspace: empty when nothing is at that path. Anything
     * that is there must be readable: a dangling or looping link, a directory or a special file is an error, never
     * "no project config" (that would skip the project's checks).
     */
    public Optional<ProjectConfig> loadProject(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(requireProject(file));
    }

    /** A project file that was named explicitly ({@code --project}): it must exist and be readable. */
    public ProjectConfig requireProject(Path file) {
        byte[] bytes = readBytes(file);
        if (bytes.length == 0) {
            return ProjectConfig.empty(file.toString());
        }
        JsonNode tree = reader.parse(file.toString(), bytes, DocumentReader.Format.YAML);
        validator.requireValid(DocumentKind.PROJECT, file.toString(), tree);
        return map(file.toString(), () -> PolicyDocuments.project(tree, file.toString()));
    }

    /**
     * The user layer; {@link UserConfig#NONE} when nothing is at that path. A file that is there but cannot be
     * read (dangling or looping link, special file, bad JSON) is an error: a governed user must not silently
     * become ungoverned.
     */
    public UserConfig loadUser(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return UserConfig.NONE;
        }
        JsonNode tree = reader.parse(file.toString(), readBytes(file));
        validator.requireValid(DocumentKind.USER, file.toString(), tree);
        return map(file.toString(), () -> PolicyDocuments.user(tree));
    }

    /**
     * Local overrides from the repo store (when {@code workspace} is inside a git repository) and the user
     * store, in that order, mapped into the core model. Store warnings are appended to {@code warnings}.
     */
    public List<PolicyException> localOverrides(Path xdgConfigHome, Optional<Path> workspace, List<String> warnings) {
        List<PolicyException> out = new ArrayList<>();
        workspace.flatMap(ExceptionStore::findRepoRoot).ifPresent(root ->
                out.addAll(overrides(ExceptionStore.repoStorePath(root), StoreKind.REPO, warnings)));
        out.addAll(overrides(ExceptionStore.userStorePath(xdgConfigHome), StoreKind.USER, warnings));
        return out;
    }

    private List<PolicyException> overrides(Path file, StoreKind kind, List<String> warnings) {
        var snapshot = new ExceptionStore(file, kind, clock, RandomGenerator.getDefault()).load();
        warnings.addAll(snapshot.warnings());
        List<PolicyException> out = new ArrayList<>();
        for (LocalException e : snapshot.entries()) {
            out.add(new PolicyException(e.id(), e.reason(), e.allowPlugins(), e.allowMcpServers(), e.expiresAt(),
                    Optional.empty(), PolicyException.Scope.LOCAL, kind == StoreKind.REPO ? "repo" : "user"));
        }
        return out;
    }

    private static byte[] readBytes(Path file) {
        try {
            return BoundedFiles.read(file, DocumentReader.MAX_BYTES);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PolicyDocumentException(file.toString(), "", "file not found", "an existing, readable file", e);
        } catch (BoundedFiles.RefusedFile e) {
            throw new PolicyDocumentException(file.toString(), "", e.problem(),
                    "a regular JSON or YAML file of at most " + DocumentReader.MAX_BYTES + " bytes", e);
        } catch (java.io.IOException e) {
            throw new PolicyDocumentException(file.toString(), "", "cannot read: " + e.getMessage(),
                    "an existing, readable file", e);
        }
    }

    private static <T> T map(String file, java.util.function.Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (ShapeException e) {
            throw new PolicyDocumentException(List.of(new Problem(file, e.jsonPath(), "wrong type", e.expected())));
        } catch (dev.scc.safety.rules.RuleDocumentException e) {
            throw new PolicyDocumentException(e.problems().stream()
                    .map(p -> new Problem(file, "$." + p.keyPath(), (p.ruleId().isEmpty() ? "" : "rule " + p.ruleId() + ": ")
                            + p.message(), "a rule that loads and passes its own tests"))
                    .toList());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
