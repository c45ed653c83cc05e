package dev.scc.policy.source.skill;

import java.io.IOException;
import java.net.URI;

/**
 * Downloads a {@code url} skill source (an archive). The default, {@link SkillMaterializer#httpsDownloader()},
 * speaks HTTPS only (redirects too), sends no credentials, and bounds time and size; tests pass their own.
 */
@FunctionalInterface
public interface ArchiveDownloader {
    /** The archive's bytes; an {@link IOException} says why it could not be had (status, timeout, size). */
    byte[] download(URI url) throws IOException;
}
