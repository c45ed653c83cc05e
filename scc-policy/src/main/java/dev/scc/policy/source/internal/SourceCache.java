package dev.scc.policy.source.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.policy.files.BoundedFiles;
import dev.scc.policy.files.FileLocks;
import dev.scc.policy.schema.DocumentReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The fetched-document cache: {@code <root>/policy/<sha256(url)>.body} plus {@code .meta.json}
 * ({@code source_url, fetched_at, etag, sha256}), both written atomically with mode 0600. An entry whose
 * body does not match the recorded hash, or whose meta names another URL, is treated as absent. Not API.
 */
public final class SourceCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One cached document. */
    public record Entry(String sourceUrl, byte[] body, Instant fetchedAt, Optional<String> etag, String sha256) {}

    private final Path dir;

    public SourceCache(Path sccCacheDir) {
        this.dir = sccCacheDir.resolve("policy");
    }

    public Path bodyPath(String url) {
        return dir.resolve(key(url) + ".body");
    }

    public Path metaPath(String url) {
        return dir.resolve(key(url) + ".meta.json");
    }

    /** The entry, or empty when missing; a damaged entry is reported through {@code problem}. */
    public Optional<Entry> read(String url, StringBuilder problem) {
        byte[][] pair;
        if (!Files.exists(bodyPath(url)) && !Files.exists(metaPath(url))) {
            return Optional.empty(); // nothing cached: no lock file either
        }
        try {
            // Under the entry's lock, so a parallel write is never seen half done (new body, old meta).
            pair = FileLocks.withLock(bodyPath(url), () -> new byte[][] {
                BoundedFiles.read(metaPath(url), 64 * 1024), BoundedFiles.read(bodyPath(url), DocumentReader.MAX_BYTES)});
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            problem.append("cache unreadable: ").append(e.getMessage());
            return Optional.empty();
        }
        byte[] meta = pair[0];
        byte[] body = pair[1];
        try {
            JsonNode m = JSON.readTree(meta);
            String hash = sha256(body);
            if (m == null || !url.equals(m.path("source_url").asText()) || !hash.equals(m.path("sha256").asText())) {
                problem.append("cache entry for ").append(url).append(" is damaged (hash or URL mismatch); ignored");
                return Optional.empty();
            }
            Instant fetchedAt = Instant.parse(m.path("fetched_at").asText());
            Optional<String> etag = m.path("etag").isTextual() ? Optional.of(m.get("etag").asText()) : Optional.empty();
            return Optional.of(new Entry(url, body, fetchedAt, etag, hash));
        } catch (IOException | DateTimeParseException e) {
            problem.append("cache metadata for ").append(url).append(" is damaged; ignored");
            return Optional.empty();
        }
    }

    /**
     * Writes body, then meta (each atomically, both under the entry's lock): a crash in between leaves a hash
     * mismatch, read as absent.
     */
    public Entry write(String url, byte[] body, Instant fetchedAt, Optional<String> etag) throws IOException {
        String hash = sha256(body);
        FileLocks.withLock(bodyPath(url), () -> {
            AtomicFiles.write(bodyPath(url), body);
            writeMeta(url, fetchedAt, etag, hash);
            return null;
        });
        return new Entry(url, body, fetchedAt, etag, hash);
    }

    /** Re-records a 304: same body, new fetch time (and ETag if the server sent one). */
    public Entry touch(Entry e, Instant fetchedAt, Optional<String> etag) throws IOException {
        Optional<String> tag = etag.isPresent() ? etag : e.etag();
        FileLocks.withLock(bodyPath(e.sourceUrl()), () -> {
            writeMeta(e.sourceUrl(), fetchedAt, tag, e.sha256());
            return null;
        });
        return new Entry(e.sourceUrl(), e.body(), fetchedAt, tag, e.sha256());
    }

    private void writeMeta(String url, Instant fetchedAt, Optional<String> etag, String hash) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("source_url", url);
        m.put("fetched_at", fetchedAt.toString());
        if (etag.isPresent()) {
            m.put("etag", etag.get());
        } else {
            m.putNull("etag");
        }
        m.put("sha256", hash);
        AtomicFiles.write(metaPath(url), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static String key(String url) {
        return sha256(url.getBytes(StandardCharsets.UTF_8));
    }
}
