package dev.scc.policy.source.skill;

import dev.scc.policy.source.TreeContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Materialising governed skills from real local git repositories ({@code file://}) and directories. No network. */
class SkillMaterializerTest {
    @TempDir Path tmp;
    private Path cache;
    private Path origin;
    private String url;

    @BeforeEach
    void repo() throws Exception {
        cache = tmp.resolve("cache/scc");
        origin = tmp.resolve("origin");
        Files.createDirectories(origin);
        git(origin, "init", "-q", "-b", "main");
        git(origin, "config", "user.email", "t@example.invalid");
        git(origin, "config", "user.name", "t");
        writeSkill(origin.resolve("skills/review"), "review", "v1");
        Path script = origin.resolve("skills/review/scripts/run.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        git(origin, "add", "-A");
        git(origin, "commit", "-q", "-m", "v1");
        git(origin, "tag", "v1");
        url = origin.toUri().toString().replaceFirst("^file:/+", "file:///");
    }

    private static void writeSkill(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("SKILL.md"), "---\nname: " + name + "\ndescription: Reviews code.\n---\n\n" + body + "\n");
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out.strip();
    }

    private SkillMaterializer materializer(boolean offline) {
        return materializer(offline, SkillMaterializer.DEFAULT_LIMITS, Optional.empty());
    }

    private SkillMaterializer materializer(boolean offline, dev.scc.policy.source.TreeContent.Limits limits, Optional<Path> orgDir) {
        return new SkillMaterializer(cache, orgDir, offline, limits, System.getenv(), Clock.systemUTC());
    }

    private SkillSource gitSkill(String name, String ref, String path) {
        return new SkillSource("artifact:core/" + name, name, Optional.of("git"), Optional.of(url),
                Optional.ofNullable(path), Optional.ofNullable(ref));
    }

    private static String text(TreeContent c, String path) {
        assertThat(c).isInstanceOf(TreeContent.Files.class);
        return ((TreeContent.Files) c).files().stream().filter(f -> f.path().equals(path)).findFirst()
                .map(f -> new String(f.content(), StandardCharsets.UTF_8)).orElseThrow();
    }

    private static List<String> paths(TreeContent c) {
        return ((TreeContent.Files) c).files().stream().map(TreeContent.File::path).toList();
    }

    @Test
    void aBranchRefIsClonedAndTheSkillDirectoryCopiedWithItsExecutableBit() {
        TreeContent c = materializer(false).materialize(gitSkill("review", "main", "skills/review"));
        assertThat(paths(c)).containsExactly("SKILL.md", "scripts/run.sh");
        assertThat(text(c, "SKILL.md")).contains("v1");
        assertThat(((TreeContent.Files) c).files().get(1).mode()).isEqualTo(0755);
        assertThat(((TreeContent.Files) c).files().get(0).mode()).isEqualTo(0644);
        assertThat(((TreeContent.Files) c).origin()).contains(url, "@ main", "commit ");
    }

    @Test
    void aTagRefPinsTheTaggedContentEvenAfterTheBranchMoves() throws Exception {
        writeSkill(origin.resolve("skills/review"), "review", "v2");
        git(origin, "commit", "-q", "-am", "v2");
        assertThat(text(materializer(false).materialize(gitSkill("review", "v1", "skills/review")), "SKILL.md"))
                .contains("v1").doesNotContain("v2");
        assertThat(text(materializer(false).materialize(gitSkill("review", "main", "skills/review")), "SKILL.md"))
                .contains("v2");
    }

    @Test
    void anExactCommitIsFetchedEvenWhenItIsNoLongerABranchHead() throws Exception {
        String first = git(origin, "rev-parse", "HEAD");
        writeSkill(origin.resolve("skills/review"), "review", "v2");
        git(origin, "commit", "-q", "-am", "v2");
        TreeContent c = materializer(false).materialize(gitSkill("review", first, "skills/review"));
        assertThat(text(c, "SKILL.md")).contains("v1");
        assertThat(((TreeContent.Files) c).origin()).contains("commit " + first);
    }

    @Test
    void theSecondMaterialisationUsesTheCacheWithoutCloningAgain() throws Exception {
        materializer(false).materialize(gitSkill("review", "v1", "skills/review"));
        deleteTree(origin);
        TreeContent again = materializer(false).materialize(gitSkill("review", "v1", "skills/review"));
        assertThat(text(again, "SKILL.md")).contains("v1");
        // No .git in the cache: nothing of the repository's metadata is kept, let alone copied.
        try (Stream<Path> s = Files.walk(cache)) {
            assertThat(s.map(Path::getFileName).map(Path::toString)).doesNotContain(".git").isNotEmpty();
        }
    }

    @Test
    void offlineUsesTheCacheAndFailsClosedOnAMiss() {
        assertThatThrownBy(() -> materializer(true).materialize(gitSkill("review", "v1", "skills/review")))
                .isInstanceOf(SkillSourceException.class)
                .hasMessageContaining("artifact:core/review")
                .hasMessageContaining("offline and not in the skill cache")
                .hasMessageContaining(url);
        materializer(false).materialize(gitSkill("review", "v1", "skills/review"));
        assertThat(text(materializer(true).materialize(gitSkill("review", "v1", "skills/review")), "SKILL.md"))
                .contains("v1");
    }

    @Test
    void onlyHttpsSshAndFileUrlsAreAccepted() {
        for (String bad : List.of("http://example.invalid/r.git", "git://example.invalid/r.git", "ext::sh -c id",
                "/srv/repo", "-uhttps://x", "https://")) {
            SkillSource s = new SkillSource("artifact:core/review", "review", Optional.of("git"), Optional.of(bad),
                    Optional.empty(), Optional.empty());
            assertThatThrownBy(() -> materializer(false).materialize(s)).as(bad)
                    .isInstanceOf(SkillSourceException.class)
                    .hasMessageContaining("artifact:core/review")
                    .hasMessageContaining("git@host:path");
        }
        assertThat(Files.exists(cache.resolve("skills"))).isFalse();
    }

    @Test
    void aMissingRefFailsClosedNamingTheArtifactAndLeavesNoCacheEntry() throws IOException {
        assertThatThrownBy(() -> materializer(false).materialize(gitSkill("review", "no-such-branch", "skills/review")))
                .isInstanceOf(SkillSourceException.class)
                .hasMessageContaining("artifact:core/review")
                .hasMessageContaining("cannot clone");
        try (Stream<Path> s = Files.list(cache.resolve("skills"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aSourcePathThatLeavesTheRepositoryIsRefused() {
        assertThatThrownBy(() -> materializer(false).materialize(gitSkill("review", "main", "../../etc")))
                .isInstanceOf(SkillSourceException.class).hasMessageContaining("leaves the repository");
    }

    @Test
    void aSymlinkInTheSkillIsRefusedEvenWhenItPointsInside() throws Exception {
        Files.createSymbolicLink(origin.resolve("skills/review/passwd"), Path.of("/etc/passwd"));
        git(origin, "add", "-A");
        git(origin, "commit", "-q", "-m", "link");
        assertThatThrownBy(() -> materializer(false).materialize(gitSkill("review", "main", "skills/review")))
                .isInstanceOf(SkillSourceException.class)
                .hasMessageContaining("'passwd' is a symlink");

        Path local = tmp.resolve("local/review");
        writeSkill(local, "review", "local");
        Files.createSymbolicLink(local.resolve("same"), Path.of("SKILL.md"));
        SkillSource s = new SkillSource("artifact:core/review", "review", Optional.of("local"), Optional.empty(),
                Optional.of(local.toString()), Optional.empty());
        assertThatThrownBy(() -> materializer(false).materialize(s)).hasMessageContaining("'same' is a symlink");
    }

    @Test
    void aSourcePathThroughASymlinkInTheRepositoryIsRefused() throws Exception {
        Files.createSymbolicLink(origin.resolve("escape"), tmp);
        git(origin, "add", "-A");
        git(origin, "commit", "-q", "-m", "escape");
        assertThatThrownBy(() -> materializer(false).materialize(gitSkill("review", "main", "escape/origin/skills/review")))
                .isInstanceOf(SkillSourceException.class)
                .hasMessageContaining("source_path component 'escape' is a symlink");
    }

    @Test
    void theFileAndSizeLimitsNameTheSkillAndTheLimit() throws IOException {
        Path local = tmp.resolve("big");
        writeSkill(local, "big", "x".repeat(2000));
        SkillSource s = new SkillSource("artifact:core/big", "big", Optional.of("local"), Optional.empty(),
                Optional.of(local.toString()), Optional.empty());
        assertThatThrownBy(() -> materializer(false, new dev.scc.policy.source.TreeContent.Limits(10, 1000), Optional.empty())
                .materialize(s)).hasMessageContaining("artifact:core/big").hasMessageContaining("1000 bytes");
        Files.writeString(local.resolve("a.txt"), "a");
        Files.writeString(local.resolve("b.txt"), "b");
        assertThatThrownBy(() -> materializer(false, new dev.scc.policy.source.TreeContent.Limits(2, 1L << 20), Optional.empty())
                .materialize(s)).hasMessageContaining("artifact:core/big").hasMessageContaining("more than 2 files");
        assertThat(materializer(false, new dev.scc.policy.source.TreeContent.Limits(3, 1L << 20), Optional.empty()).materialize(s))
                .isInstanceOf(TreeContent.Files.class);
    }

    @Test
    void aSkillMdNamingAnotherSkillFailsTheLaunch() throws IOException {
        Path local = tmp.resolve("org/skills/review");
        writeSkill(local, "other-name", "x");
        SkillSource s = new SkillSource("artifact:core/review", "review", Optional.of("local"), Optional.empty(),
                Optional.of(local.toString()), Optional.empty());
        assertThatThrownBy(() -> materializer(false).materialize(s))
                .hasMessageContaining("artifact:core/review")
                .hasMessageContaining("names the skill 'other-name', but the artifact is 'review'");
        Files.writeString(local.resolve("SKILL.md"), "no front matter\n");
        assertThatThrownBy(() -> materializer(false).materialize(s)).hasMessageContaining("no front matter");
    }

    @Test
    void aRelativeLocalPathResolvesAgainstTheOrgDirectoryAndIsAnErrorForARemoteOrg() throws IOException {
        Path orgDir = tmp.resolve("org");
        writeSkill(orgDir.resolve("skills/review"), "review", "local body");
        SkillSource s = new SkillSource("artifact:core/review", "review", Optional.of("local"), Optional.empty(),
                Optional.of("skills/review"), Optional.empty());
        assertThat(text(materializer(false, SkillMaterializer.DEFAULT_LIMITS, Optional.of(orgDir)).materialize(s),
                "SKILL.md")).contains("local body");
        assertThatThrownBy(() -> materializer(false).materialize(s))
                .isInstanceOf(SkillSourceException.class)
                .hasMessageContaining("artifact:core/review")
                .hasMessageContaining("source_path 'skills/review' is relative, but the org config is remote");
    }

    @Test
    void aSourcelessSkillKeepsItsStubQuietly() {
        SkillSource none = new SkillSource("artifact:core/review", "review", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(materializer(false).materialize(none)).isInstanceOf(TreeContent.NotMaterialized.class);
    }

    // --- url sources: archives served by a fake downloader (no network) ---

    private final List<java.net.URI> downloads = new ArrayList<>();

    private SkillMaterializer archives(boolean offline, byte[] archive) {
        return new SkillMaterializer(cache, Optional.empty(), offline, SkillMaterializer.DEFAULT_LIMITS, Map.of(),
                Clock.systemUTC(), u -> {
                    downloads.add(u);
                    return archive;
                });
    }

    private static SkillSource urlSkill(String url, String path) {
        return new SkillSource("artifact:core/review", "review", Optional.of("url"), Optional.of(url),
                Optional.ofNullable(path), Optional.empty());
    }

    private byte[] tarGz(Path dir) throws Exception {
        Path out = tmp.resolve("a-" + System.nanoTime() + ".tar.gz");
        Process p = new ProcessBuilder("tar", "-czf", out.toString(), "-C", dir.toString(), ".").redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return Files.readAllBytes(out);
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aTarGzArchiveIsDownloadedOnceUnpackedAndReusedOfflineFromTheCache() throws Exception {
        byte[] archive = tarGz(origin);
        String url = "https://skills.example.invalid/review.tar.gz";
        TreeContent c = archives(false, archive).materialize(urlSkill(url, "skills/review"));
        assertThat(paths(c)).containsExactly("SKILL.md", "scripts/run.sh");
        assertThat(((TreeContent.Files) c).files().get(1).mode()).isEqualTo(0755);
        assertThat(((TreeContent.Files) c).origin()).contains(url, "sha256 ");
        assertThat(text(archives(true, archive).materialize(urlSkill(url, "skills/review")), "SKILL.md")).contains("v1");
        assertThat(text(archives(false, archive).materialize(urlSkill(url, "skills/review")), "SKILL.md")).contains("v1");
        assertThat(downloads).hasSize(1);
        assertThatThrownBy(() -> archives(true, archive).materialize(urlSkill(url + "?other", "skills/review")))
                .hasMessageContaining("offline and not in the skill cache");
    }

    @Test
    void aZipArchiveIsUnpacked() throws Exception {
        byte[] archive = zip(Map.of("review/SKILL.md", "---\nname: review\ndescription: d\n---\nzip body\n",
                "review/references/a.md", "a"));
        TreeContent c = archives(false, archive).materialize(urlSkill("https://s.example.invalid/r.zip", "review"));
        assertThat(paths(c)).containsExactly("SKILL.md", "references/a.md");
        assertThat(text(c, "SKILL.md")).contains("zip body");
    }

    @Test
    void archivesWithLinksOrEscapingNamesAreRefusedAndNothingIsCached() throws Exception {
        byte[] escaping = zip(Map.of("review/SKILL.md", "---\nname: review\n---\n", "../evil.sh", "x"));
        assertThatThrownBy(() -> archives(false, escaping).materialize(urlSkill("https://s.example.invalid/r.zip",
                "review"))).isInstanceOf(SkillSourceException.class)
                .hasMessageContaining("artifact:core/review").hasMessageContaining("unsafe archive: '../evil.sh'");
        assertThat(Files.exists(tmp.resolve("cache/evil.sh"))).isFalse();

        Files.createSymbolicLink(origin.resolve("skills/review/passwd"), Path.of("/etc/passwd"));
        byte[] linked = tarGz(origin);
        assertThatThrownBy(() -> archives(false, linked).materialize(urlSkill("https://s.example.invalid/r.tgz",
                "skills/review"))).hasMessageContaining("'./skills/review/passwd' is a symlink");
        try (Stream<Path> s = Files.list(cache.resolve("skills"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void onlyHttpsArchiveUrlsWithoutCredentialsAreAccepted() {
        for (String bad : List.of("http://s.example.invalid/r.tar.gz", "https://s.example.invalid/r.rar",
                "https://u:p@s.example.invalid/r.zip", "file:///tmp/r.zip")) {
            assertThatThrownBy(() -> archives(false, new byte[0]).materialize(urlSkill(bad, null))).as(bad)
                    .isInstanceOf(SkillSourceException.class)
                    .hasMessageContaining("an https:// URL of a .tar.gz, .tgz or .zip archive")
                    .message().doesNotContain("u:p@");
        }
        assertThat(downloads).isEmpty();
    }

    @Test
    void aFailedDownloadNamesTheArtifactAndTheReason() {
        SkillMaterializer m = new SkillMaterializer(cache, Optional.empty(), false, SkillMaterializer.DEFAULT_LIMITS,
                Map.of(), Clock.systemUTC(), u -> {
                    throw new IOException("HTTP 404");
                });
        assertThatThrownBy(() -> m.materialize(urlSkill("https://s.example.invalid/r.zip", null)))
                .hasMessageContaining("artifact:core/review").hasMessageContaining("cannot download: HTTP 404");
    }

    @Test
    void credentialsInAUrlNeverAppearInMessages() {
        SkillSource s = new SkillSource("artifact:core/review", "review", Optional.of("git"),
                Optional.of("http://user:s3cret@example.invalid/r.git"), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> materializer(false).materialize(s)).message().doesNotContain("s3cret");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
