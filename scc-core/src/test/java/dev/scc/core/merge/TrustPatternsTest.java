package dev.scc.core.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.model.MarketplaceSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustPatternsTest {

    @Test
    void githubSourcesNormaliseToHostOwnerRepo() {
        assertThat(TrustPatterns.normaliseSource(new MarketplaceSource.Github("Org", "Repo", "main", "/", Map.of())))
                .isEqualTo("github.com/org/repo");
    }

    @Test
    void sshGitUrlsNormaliseLikeHttps() {
        assertThat(TrustPatterns.normaliseUrl("git@GitLab.com:grp/plugins.git")).isEqualTo("gitlab.com/grp/plugins");
    }

    @Test
    void globstarSpansSegmentsAndStarStaysInOne() {
        assertThat(TrustPatterns.matches("github.com/org/repo", "github.com/org/*")).isTrue();
        assertThat(TrustPatterns.matches("github.com/org/sub/repo", "github.com/org/*")).isFalse();
        assertThat(TrustPatterns.matches("github.com/org/sub/repo", "github.com/org/**")).isTrue();
        assertThat(TrustPatterns.matches("anything/at/all", "**")).isTrue();
    }

    /** Deliberate difference: the reference never normalises the pattern, so https:// patterns never match. */
    @Test
    void httpsPrefixedPatternsMatchUnlikeTheReference() {
        assertThat(TrustPatterns.matches("github.com/org/repo", "https://github.com/org/*")).isTrue();
    }
}
