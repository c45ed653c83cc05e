package dev.scc.policy.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.model.MarketplaceSource;
import dev.scc.policy.source.marketplace.MarketplaceMaterializer;
import dev.scc.policy.source.skill.SkillMaterializer;
import dev.scc.policy.source.skill.SkillSource;
import dev.scc.policy.source.skill.SkillSourceException;
import dev.scc.safety.audit.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skill and marketplace URLs in messages and metadata go through the one redactor, not a masking step of their own. */
class SourceUrlRedactionTest {
    static final String[] URLS = {
        "https://bob:hunter2@git.example.test/org/skills.git",
        "https://x-access-token:ghs_0123456789abcdefghijABCDEFGHIJ012345@git.example.test/o/r.git",
        "https://ghp_0123456789abcdefghijABCDEFGHIJ012345@git.example.test/o/r.git",
        "https://git.example.test/o/r.tar.gz?key=s3cr3tvalue123",
        "https://git.example.test/o/r.git",
    };
    static final String[] SECRETS = {"hunter2", "ghs_0123456789", "ghp_0123456789", "s3cr3tvalue123"};

    static SkillSource skill(String url) {
        return new SkillSource("artifact:b/s", "s", Optional.of("git"), Optional.of(url), Optional.empty(),
                Optional.empty());
    }

    @Test
    void skillAndMarketplaceSourcesNameTheirUrlsAsTheOneRedactorShowsThem() {
        Redactor one = new Redactor();
        for (String url : URLS) {
            assertThat(skill(url).describe()).as(url).isEqualTo("git " + one.redact(url));
            assertThat(MarketplaceMaterializer.describe(new MarketplaceSource.Git(url, null, null))).as(url)
                    .isEqualTo("git " + one.redact(url));
            assertThat(MarketplaceMaterializer.describe(new MarketplaceSource.Url(url, Map.of(), null))).as(url)
                    .isEqualTo("url " + one.redact(url));
        }
        for (int i = 0; i < SECRETS.length; i++) {
            assertThat(skill(URLS[i]).describe()).doesNotContain(SECRETS[i]);
        }
        assertThat(skill(URLS[0]).describe()).isEqualTo("git https://bob:[REDACTED]@git.example.test/org/skills.git");
        assertThat(skill(URLS[4]).describe()).isEqualTo("git " + URLS[4]);
    }

    @Test
    void aRefusedSkillUrlIsNamedInItsErrorWithoutItsPassword(@TempDir Path cache) {
        SkillMaterializer m = new SkillMaterializer(cache, Optional.empty(), true, SkillMaterializer.DEFAULT_LIMITS,
                Map.of(), Clock.systemUTC());
        assertThatThrownBy(() -> m.materialize(skill("ftp://bob:hunter2@git.example.test/o/r.git")))
                .isInstanceOf(SkillSourceException.class)
                .hasMessageContaining("ftp://bob:[REDACTED]@git.example.test/o/r.git").hasMessageNotContaining("hunter2");
    }
}
