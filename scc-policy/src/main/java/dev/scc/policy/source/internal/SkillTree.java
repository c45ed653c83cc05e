package dev.scc.policy.source.internal;

import dev.scc.policy.source.skill.SkillContent;
import dev.scc.policy.source.skill.SkillSource;
import dev.scc.policy.source.skill.SkillSourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one skill directory into memory, refusing anything that must not reach a sandbox: symlinks (anywhere,
 * whether they escape or not: a link is resolved inside the container, so its meaning cannot be checked here),
 * device files, FIFOs and sockets, names with control characters, and trees over the file or byte limit.
 * {@code .git} directories are skipped. The root must hold {@code SKILL.md} whose front matter {@code name} equals
 * the skill's name. Not API.
 */
public final class SkillTree {
    private SkillTree() {}

    /** Reads {@code root} (which must not itself be a symlink) as the skill {@code skill}. */
    public static SkillContent.Files read(Path root, String origin, SkillSource skill, int maxFiles, long maxBytes) {
        if (Files.isSymbolicLink(root)) {
            throw new SkillSourceException(skill, "the skill directory " + root + " is a symlink, which SCC does not "
                    + "follow", "a real directory");
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new SkillSourceException(skill, "the skill directory " + root + " does not exist",
                    "source_path naming a directory that contains SKILL.md");
        }
        if (!Files.isRegularFile(root.resolve("SKILL.md"), LinkOption.NOFOLLOW_LINKS)) {
            throw new SkillSourceException(skill, "no SKILL.md in " + root,
                    "source_path naming a directory that contains SKILL.md");
        }
        List<SkillContent.File> files = new ArrayList<>();
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        String name = dir.getFileName().toString();
                        if (name.equals(".git")) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        checkName(skill, root, dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = checkName(skill, root, file);
                    if (attrs.isSymbolicLink()) {
                        throw new SkillSourceException(skill, "'" + rel + "' is a symlink; skills may not contain "
                                + "symlinks", "regular files and directories only");
                    }
                    if (file.getFileName().toString().equals(".git")) {
                        return FileVisitResult.CONTINUE; // a worktree's .git file
                    }
                    if (!attrs.isRegularFile()) {
                        throw new SkillSourceException(skill, "'" + rel + "' is not a regular file (device, FIFO or "
                                + "socket)", "regular files and directories only");
                    }
                    if (files.size() + 1 > maxFiles) {
                        throw new SkillSourceException(skill, "more than " + maxFiles + " files",
                                "a skill of at most " + maxFiles + " files");
                    }
                    total[0] += attrs.size();
                    if (total[0] > maxBytes) {
                        throw new SkillSourceException(skill, "larger than the limit of " + maxBytes + " bytes",
                                "a skill of at most " + maxBytes + " bytes");
                    }
                    boolean exec = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    files.add(new SkillContent.File(rel, Files.readAllBytes(file), exec));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    throw exc;
                }
            });
        } catch (IOException e) {
            throw new SkillSourceException(skill, "cannot read " + root + ": " + e.getMessage(), "", e);
        }
        files.sort(Comparator.comparing(SkillContent.File::path));
        SkillContent.File md = files.stream().filter(f -> f.path().equals("SKILL.md")).findFirst().orElseThrow();
        checkFrontMatter(skill, new String(md.content(), StandardCharsets.UTF_8));
        return new SkillContent.Files(origin, files);
    }

    /** The {@code /}-joined relative path; refuses names a container path or a report line could misread. */
    private static String checkName(SkillSource skill, Path root, Path p) {
        List<String> parts = new ArrayList<>();
        for (Path seg : root.relativize(p)) {
            String s = seg.toString();
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                    || s.contains("\\")) {
                throw new SkillSourceException(skill, "unsafe file name '" + root.relativize(p) + "'",
                        "file names without control characters, backslashes or '..'");
            }
            parts.add(s);
        }
        return String.join("/", parts);
    }

    /** The Agent Skills rule: front matter with a {@code name}; SCC also requires it to be the artifact's name. */
    static void checkFrontMatter(SkillSource skill, String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        t = t.replace("\r\n", "\n");
        String expected = "SKILL.md starting with '---' front matter whose name is '" + skill.skillName() + "'";
        if (!t.startsWith("---\n")) {
            throw new SkillSourceException(skill, "SKILL.md has no front matter", expected);
        }
        int end = t.indexOf("\n---", 3);
        if (end < 0) {
            throw new SkillSourceException(skill, "SKILL.md front matter is not closed by '---'", expected);
        }
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(t.substring(4, end + 1));
        } catch (YamlEngineException e) {
            throw new SkillSourceException(skill, "SKILL.md front matter is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""), expected, e);
        }
        Object name = doc instanceof Map<?, ?> m ? m.get("name") : null;
        if (!(name instanceof String s) || s.isBlank()) {
            throw new SkillSourceException(skill, "SKILL.md front matter has no name", expected);
        }
        if (!s.strip().equals(skill.skillName())) {
            throw new SkillSourceException(skill, "SKILL.md names the skill '" + s.strip() + "', but the artifact is '"
                    + skill.skillName() + "'", expected);
        }
    }
}
