package dev.scc.policy.source.marketplace;

import dev.scc.policy.source.TreeContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.model.MarketplaceSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Materialising plugin marketplaces from real local git repositories cloned over {@code file://}. No network. */
class MarketplaceMaterializerTest {
    private static final String KEY = "marketplace:acme-tools";

    @TempDir Path tmp;
    private Path cache;
    private Path origin;
    private String url;

    @BeforeEach
    void repo() throws Exception {
        cache = tmp.resolve("cache/scc");
        origin = tmp.resolve("origin");
        writeMarketplace(origin, "acme-tools");
        git(origin, "init", "-q", "-b", "main");
        git(origin, "config", "user.email", "t@example.invalid");
        git(origin, "config", "user.name", "t");
        commit("v1");
        url = origin.toUri().toString().replaceFirst("^file:/+", "file:///");
    }

    static void writeMarketplace(Path root, String name) throws IOException {
        Files.createDirectories(root.resolve(".claude-plugin"));
        Files.writeString(root.resolve(".claude-plugin/marketplace.json"), """
                {"name": "%s", "owner": {"name": "Acme"},
                 "plugins": [{"name": "review", "source": "./plugins/review"}]}
                """.formatted(name));
        Path plugin = root.resolve("plugins/review");
        Files.createDirectories(plugin.resolve(".claude-plugin"));
        Files.createDirectories(plugin.resolve("scripts"));
        Files.writeString(plugin.resolve(".claude-plugin/plugin.json"), "{\"name\": \"review\"}\n");
        Path script = plugin.resolve("scripts/check.sh");
        Files.writeString(script, "#!/bin/sh\necho ok\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void commit(String message) throws Exception {
        git(origin, "add", "-A");
        git(origin, "commit", "-q", "-m", message);
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out.strip();
    }

    private MarketplaceMaterializer materializer(boolean offline) {
        return materializer(offline, MarketplaceMaterializer.DEFAULT_LIMITS);
    }

    private MarketplaceMaterializer materializer(boolean offline, dev.scc.policy.source.TreeContent.Limits limits) {
        return new MarketplaceMaterializer(cache, offline, limits, System.getenv(), Clock.systemUTC());
    }

    private MarketplaceSource.Git source(String ref, String path) {
        return new MarketplaceSource.Git(url, ref, path);
    }

    private static Map<String, TreeContent.File> files(TreeContent c) {
        assertThat(c).isInstanceOf(TreeContent.Files.class);
        Map<String, TreeContent.File> out = new java.util.TreeMap<>();
        ((TreeContent.Files) c).files().forEach(f -> out.put(f.path(), f));
        return out;
    }

    @Test
    void aGitMarketplaceIsClonedWithItsCatalogAndPluginFilesAndNoGitDirectory() {
        Map<String, TreeContent.File> files = files(materializer(false).materialize(KEY, "acme-tools",
                source("main", null)));
        assertThat(files).containsOnlyKeys(".claude-plugin/marketplace.json", "plugins/review/.claude-plugin/plugin.json",
                "plugins/review/scripts/check.sh");
        assertThat(files.get("plugins/review/scripts/check.sh").mode()).isEqualTo(0755);
        assertThat(files.get(".claude-plugin/marketplace.json").mode()).isEqualTo(0644);
    }

    @Test
    void aCachedCloneIsReusedEvenAfterTheOriginChangesAndOfflineReadsTheCache() throws Exception {
        materializer(false).materialize(KEY, "acme-tools", source("main", null));
        Files.writeString(origin.resolve("plugins/review/NEW.md"), "new\n");
        commit("v2");
        assertThat(files(materializer(false).materialize(KEY, "acme-tools", source("main", null))))
                .doesNotContainKey("plugins/review/NEW.md");
        assertThat(files(materializer(true).materialize(KEY, "acme-tools", source("main", null))))
                .containsKey(".claude-plugin/marketplace.json");
        // another ref is another cache entry
        assertThat(files(materializer(false).materialize(KEY, "acme-tools", source(git(origin, "rev-parse", "HEAD"),
                null)))).containsKey("plugins/review/NEW.md");
    }

    @Test
    void offlineWithoutACachedCloneFailsClosedNamingTheMarketplaceAndSource() {
        assertThatThrownBy(() -> materializer(true).materialize(KEY, "acme-tools", source("main", null)))
                .isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining("governed marketplace marketplace:acme-tools")
                .hasMessageContaining("git " + url + " @ main")
                .hasMessageContaining("offline and not in the marketplace cache");
        assertThat(cache.resolve("marketplaces")).doesNotExist();
    }

    @Test
    void aMissingRefFailsClosedAndLeavesNoCacheEntry() throws IOException {
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools", source("no-such-branch", null)))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("cannot clone")
                .hasMessageContaining("no-such-branch");
        try (var s = Files.list(cache.resolve("marketplaces"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void aSymlinkAnywhereInTheMarketplaceIsRefused() throws Exception {
        Files.createSymbolicLink(origin.resolve("plugins/review/passwd"), Path.of("/etc/passwd"));
        commit("link");
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools", source("main", null)))
                .isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining("'plugins/review/passwd' is a symlink; marketplaces may not contain symlinks");
    }

    @Test
    void aSymlinkedMarketplacePathIsRefused() throws Exception {
        Files.createSymbolicLink(origin.resolve("alias"), Path.of("plugins"));
        commit("alias");
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools", source("main", "alias")))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("'alias' is a symlink");
    }

    @Test
    void treesOverTheFileOrByteLimitAreRefused() {
        assertThatThrownBy(() -> materializer(false, new dev.scc.policy.source.TreeContent.Limits(2, 1 << 20))
                .materialize(KEY, "acme-tools", source("main", null)))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("more than 2 files");
        assertThatThrownBy(() -> materializer(false, new dev.scc.policy.source.TreeContent.Limits(100, 50))
                .materialize(KEY, "acme-tools", source("main", null)))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("larger than the limit of 50 bytes");
    }

    @Test
    void theCatalogMustExistAndCarryTheMarketplaceName() {
        assertThatThrownBy(() -> materializer(false).materialize("marketplace:other", "other", source("main", null)))
                .isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining("names the marketplace 'acme-tools', but the org calls it 'other'");
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools", source("main", "plugins")))
                .isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining("no .claude-plugin/marketplace.json at the marketplace root");
    }

    @Test
    void aSubdirectoryMarketplaceIsReadFromItsPath() throws Exception {
        writeMarketplace(origin.resolve("market"), "acme-tools");
        commit("sub");
        assertThat(files(materializer(false).materialize(KEY, "acme-tools", source("main", "market/"))))
                .containsKey("plugins/review/scripts/check.sh").hasSize(3);
    }

    @Test
    void pathsLeavingTheRepositoryAndOptionLikeRefsAreRefusedBeforeAnyClone() {
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools", source("main", "../x")))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("leaves the repository");
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools", source("--upload-pack=x", null)))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("is not a branch, tag or commit");
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools",
                new MarketplaceSource.Git("ext::sh -c id", null, null)))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("not an accepted git URL");
        assertThat(cache.resolve("marketplaces")).doesNotExist();
    }

    @Test
    void urlAndDirectorySourcesAreLeftToTheProvider() {
        assertThat(materializer(false).materialize(KEY, "acme-tools",
                new MarketplaceSource.Url("https://example.invalid/m.json", Map.of(), null)))
                .isInstanceOf(TreeContent.NotMaterialized.class);
        assertThat(materializer(false).materialize(KEY, "acme-tools", new MarketplaceSource.Directory("/opt/m")))
                .isInstanceOf(TreeContent.NotMaterialized.class);
    }

    @Test
    void aGithubSourceWithAnUnsafeOwnerIsRefusedWithoutCloning() {
        assertThatThrownBy(() -> materializer(false).materialize(KEY, "acme-tools",
                new MarketplaceSource.Github("../evil", "repo", null, null, Map.of())))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("not a GitHub owner/repository");
    }

    private MarketplaceMaterializer local(java.util.Optional<Path> orgDir, boolean planOnly) {
        return new MarketplaceMaterializer(cache, orgDir, false, planOnly, MarketplaceMaterializer.DEFAULT_LIMITS,
                System.getenv(), Clock.systemUTC());
    }

    @Test
    void aDirectoryBesideALocalOrgIsReadFromTheHostWithoutGit() throws IOException {
        Path orgDir = Files.createDirectories(tmp.resolve("org"));
        writeMarketplace(orgDir.resolve("market"), "acme-tools");
        TreeContent c = local(java.util.Optional.of(orgDir), false).materialize(KEY, "acme-tools",
                new MarketplaceSource.Directory("market"));
        assertThat(c).isInstanceOf(TreeContent.Files.class);
        assertThat(((TreeContent.Files) c).files()).extracting(TreeContent.File::path)
                .contains(".claude-plugin/marketplace.json", "plugins/review/scripts/check.sh");
        assertThat(cache.resolve("marketplaces")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                d -> assertThat(d.toFile().list()).isEmpty());
    }

    @Test
    void aMissingDirectoryOrOneOfARemoteOrgFailsClosedNamingTheMarketplace() throws IOException {
        Path orgDir = Files.createDirectories(tmp.resolve("org"));
        assertThatThrownBy(() -> local(java.util.Optional.of(orgDir), false).materialize(KEY, "acme-tools",
                new MarketplaceSource.Directory("nowhere"))).isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining(KEY).hasMessageContaining("no directory");
        assertThatThrownBy(() -> local(java.util.Optional.empty(), false).materialize(KEY, "acme-tools",
                new MarketplaceSource.Directory("market"))).isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining("the org config is remote");
    }

    @Test
    void aPlanOnlyMaterializerClonesNothingAndSaysWhatItWouldFetch() {
        MarketplaceMaterializer m = local(java.util.Optional.empty(), true);
        TreeContent c = m.materialize(KEY, "acme-tools", source("main", ""));
        assertThat(c).isInstanceOf(TreeContent.NotMaterialized.class);
        assertThat(m.wouldFetch()).singleElement().asString().startsWith(KEY + ": git ");
        assertThat(cache.resolve("marketplaces")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                d -> assertThat(d.toFile().list()).isEmpty());
        materializer(false).materialize(KEY, "acme-tools", source("main", ""));
        assertThat(local(java.util.Optional.empty(), true).materialize(KEY, "acme-tools", source("main", "")))
                .as("a cached clone is shown as it would be placed").isInstanceOf(TreeContent.Files.class);
    }
}
