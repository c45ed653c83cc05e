package dev.scc.policy.source.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.audit.Redactor;
import org.junit.jupiter.api.Test;

/** Skill and marketplace URLs in messages and metadata go through the one redactor, not a masking step of their own. */
class GitTreeCacheRedactionTest {
    @Test
    void sourceUrlsAreRedactedByTheOneRedactor() {
        String[] urls = {
            "https://bob:hunter2@git.example.test/org/skills.git",
            "https://x-access-token:ghs_0123456789abcdefghijABCDEFGHIJ012345@git.example.test/o/r.git",
            "https://ghp_0123456789abcdefghijABCDEFGHIJ012345@git.example.test/o/r.git",
            "https://git.example.test/o/r.tar.gz?key=s3cr3tvalue123",
            "https://git.example.test/o/r.git",
        };
        Redactor one = new Redactor();
        for (String url : urls) {
            assertThat(GitTreeCache.redact(url)).as(url).isEqualTo(one.redact(url));
        }
        assertThat(GitTreeCache.redact(urls[0])).doesNotContain("hunter2").contains("git.example.test/org/skills.git");
        assertThat(GitTreeCache.redact(urls[1])).doesNotContain("ghs_0123456789");
        assertThat(GitTreeCache.redact(urls[2])).doesNotContain("ghp_0123456789");
        assertThat(GitTreeCache.redact(urls[3])).doesNotContain("s3cr3tvalue123");
        assertThat(GitTreeCache.redact(urls[4])).isEqualTo(urls[4]);
    }
}
