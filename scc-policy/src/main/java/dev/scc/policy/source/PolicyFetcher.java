package dev.scc.policy.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.files.BoundedFiles;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.source.internal.LimitedBody;
import dev.scc.policy.source.internal.SourceCache;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Fetches policy documents from local files or HTTPS, with a validated, URL-keyed cache.
 *
 * <p>Contract for remote sources in {@link FetchMode#ONLINE}:
 * <ul>
 *   <li>GET with {@code If-None-Match} from the cached ETag. 304: the cached copy (re-checked) is
 *       returned and its fetch time renewed. 200: the body is checked with the caller's
 *       {@link DocumentCheck}; only a document that passes is cached.</li>
 *   <li>Any other status, an I/O error, a body that fails the check, or an oversized body: when a
 *       valid cached copy exists it is returned as {@link FetchOrigin#CACHE_FALLBACK} with a warning naming
 *       the URL and the failure; otherwise a {@link PolicySourceException} (or, for an invalid body,
 *       the {@link PolicyDocumentException}) is thrown. A failed fetch never changes the cache.</li>
 *   <li>Only HTTPS is used (redirects too; the token is dropped when a redirect changes host). A bearer
 *       token comes from {@code SCC_ORG_TOKEN}, else {@code GITHUB_TOKEN} for {@code github:} sources
 *       and {@code GITLAB_TOKEN} for GitLab sources; it is never logged or put in messages.</li>
 * </ul>
 * In {@link FetchMode#OFFLINE} only the cache is used. Local files are read and checked directly.
 * Every result carries its age; callers enforce their maximum stale age with
 * {@link FetchResult#isStale(Duration)}.
 */
public final class PolicyFetcher {
    private final java.util.function.Supplier<HttpClient> http;
    private final SourceCache cache;
    private final Clock clock;
    private final Function<String, Optional<String>> env;
    private final FetchOptions options;

    /**
     * @param http a client; build it with {@link #defaultClient(FetchOptions)} (redirects are handled here)
     * @param sccCacheDir {@code $XDG_CACHE_HOME/scc}
     * @param env environment lookup (for tokens)
     */
    public PolicyFetcher(HttpClient http, Path sccCacheDir, Clock clock, Function<String, Optional<String>> env, FetchOptions options) {
        this(fixed(Objects.requireNonNull(http)), sccCacheDir, clock, env, options);
    }

    /**
     * A fetcher that builds its HTTP client with {@link #defaultClient(FetchOptions)} on the first remote fetch:
     * building one loads the TLS trust store (about 100 ms at start-up), which local files never need.
     */
    public PolicyFetcher(Path sccCacheDir, Clock clock, Function<String, Optional<String>> env, FetchOptions options) {
        this(memoized(() -> defaultClient(options)), sccCacheDir, clock, env, options);
    }

    private PolicyFetcher(java.util.function.Supplier<HttpClient> http, Path sccCacheDir, Clock clock,
            Function<String, Optional<String>> env, FetchOptions options) {
        this.http = http;
        this.cache = new SourceCache(Objects.requireNonNull(sccCacheDir));
        this.clock = Objects.requireNonNull(clock);
        this.env = Objects.requireNonNull(env);
        this.options = Objects.requireNonNull(options);
    }

    private static java.util.function.Supplier<HttpClient> fixed(HttpClient client) {
        return () -> client;
    }

    private static java.util.function.Supplier<HttpClient> memoized(java.util.function.Supplier<HttpClient> make) {
        return new java.util.function.Supplier<>() {
            private HttpClient client;

            @Override
            public synchronized HttpClient get() {
                if (client == null) {
                    client = make.get();
                }
                return client;
            }
        };
    }

    /** A client that never follows redirects by itself (this class does, over HTTPS only). */
    public static HttpClient defaultClient(FetchOptions options) {
        return HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public FetchResult fetch(PolicySource source, FetchMode mode, DocumentCheck check) {
        if (source instanceof PolicySource.LocalFile local) {
            return readLocal(local, check);
        }
        PolicySource.Remote remote = (PolicySource.Remote) source;
        String url = remote.url().toString();
        requireAllowedScheme(remote.url(), url);
        List<String> warnings = new ArrayList<>();
        Optional<Cached> cached = cached(url, check, warnings);
        if (mode == FetchMode.OFFLINE) {
            Cached c = cached.orElseThrow(() -> new PolicySourceException(url,
                    "offline and no cached copy of " + url, "a cached copy: run once online (e.g. scc org update)"));
            return result(remote, c, FetchOrigin.OFFLINE_CACHE, warnings);
        }

        HttpResponse<byte[]> response;
        try {
            response = get(remote, cached.flatMap(c -> c.entry.etag()));
        } catch (IOException e) {
            return fallback(remote, cached, warnings, "cannot fetch " + url + ": " + describe(e), -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback(remote, cached, warnings, "fetch of " + url + " was interrupted", -1, e);
        }

        int status = response.statusCode();
        Optional<String> etag = response.headers().firstValue("ETag");
        Instant now = clock.instant();
        if (status == 304) {
            if (cached.isEmpty()) {
                return fallback(remote, cached, warnings, "server answered 304 Not Modified for " + url + " but nothing is cached", status, null);
            }
            Cached c = cached.get();
            try {
                c = new Cached(cache.touch(c.entry, now, etag), c.document);
            } catch (IOException e) {
                warnings.add("could not update cache metadata for " + url + ": " + e.getMessage());
            }
            return result(remote, c, FetchOrigin.NOT_MODIFIED, warnings);
        }
        if (status != 200) {
            String hint = (status == 401 || status == 403 || status == 404) && token(remote.host()).isEmpty() && remote.headers().isEmpty()
                    ? " (if the source is private, set " + tokenVariables(remote.host()) + ")" : "";
            return fallback(remote, cached, warnings, "cannot fetch " + url + ": HTTP " + status + hint, status, null);
        }
        byte[] body = response.body();
        JsonNode document;
        try {
            document = check.check(url, body);
        } catch (PolicyDocumentException invalid) {
            if (cached.isPresent()) {
                warnings.add("fetched " + url + " is invalid and was not cached (" + firstLine(invalid)
                        + "); using the cached copy from " + cached.get().entry.fetchedAt());
                return result(remote, cached.get(), FetchOrigin.CACHE_FALLBACK, warnings);
            }
            throw invalid;
        }
        try {
            SourceCache.Entry entry = cache.write(url, body, now, etag);
            return result(remote, new Cached(entry, document), FetchOrigin.FETCHED, warnings);
        } catch (IOException e) {
            warnings.add("could not cache " + url + ": " + e.getMessage());
            return new FetchResult(remote, document, FetchOrigin.FETCHED, now, Duration.ZERO, etag, SourceCache.sha256(body), warnings);
        }
    }

    /**
     * Downloads a remote document once, without cache or validation (for {@code scc org validate URL},
     * which must report problems instead of falling back). Same HTTPS, redirect and token rules.
     *
     * @throws PolicySourceException on any status other than 200 or an I/O error
     */
    public byte[] download(PolicySource.Remote remote) {
        String url = remote.url().toString();
        requireAllowedScheme(remote.url(), url);
        HttpResponse<byte[]> r;
        try {
            r = get(remote, Optional.empty());
        } catch (IOException e) {
            throw new PolicySourceException(url, "cannot fetch " + url + ": " + describe(e), "", -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicySourceException(url, "fetch of " + url + " was interrupted", "", -1, e);
        }
        if (r.statusCode() != 200) {
            throw new PolicySourceException(url, "cannot fetch " + url + ": HTTP " + r.statusCode(), "", r.statusCode(), null);
        }
        return r.body();
    }

    // --- internals ---

    private record Cached(SourceCache.Entry entry, JsonNode document) {}

    private Optional<Cached> cached(String url, DocumentCheck check, List<String> warnings) {
        StringBuilder problem = new StringBuilder();
        Optional<SourceCache.Entry> entry = cache.read(url, problem);
        if (problem.length() > 0) {
            warnings.add(problem.toString());
        }
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Cached(entry.get(), check.check(url, entry.get().body())));
        } catch (PolicyDocumentException e) {
            // Rules may have tightened since it was cached: a cached copy is used only if it passes today.
            warnings.add("cached copy of " + url + " no longer validates (" + firstLine(e) + "); ignored");
            return Optional.empty();
        }
    }

    private FetchResult fallback(PolicySource.Remote remote, Optional<Cached> cached, List<String> warnings, String failure, int status,
            Throwable cause) {
        if (cached.isPresent()) {
            warnings.add(failure + "; using the cached copy from " + cached.get().entry.fetchedAt());
            return result(remote, cached.get(), FetchOrigin.CACHE_FALLBACK, warnings);
        }
        throw PolicySourceException.unreachable(remote.url().toString(), failure + " (and no cached copy)", status, cause);
    }

    private FetchResult result(PolicySource.Remote remote, Cached c, FetchOrigin origin, List<String> warnings) {
        Duration age = Duration.between(c.entry.fetchedAt(), clock.instant());
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        return new FetchResult(remote, c.document, origin, c.entry.fetchedAt(), age, c.entry.etag(), c.entry.sha256(), warnings);
    }

    private HttpResponse<byte[]> get(PolicySource.Remote remote, Optional<String> etag) throws IOException, InterruptedException {
        URI url = remote.url();
        Optional<String> token = token(remote.host());
        Map<String, String> extra = expandHeaders(remote);
        String originalHost = url.getHost();
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(url)
                    .timeout(options.timeout())
                    .header("Accept", "application/json, application/yaml;q=0.9, */*;q=0.5")
                    .header("User-Agent", "scc")
                    .GET();
            etag.ifPresent(t -> b.header("If-None-Match", t));
            boolean sameHost = originalHost != null && originalHost.equalsIgnoreCase(url.getHost());
            if (sameHost) {
                extra.forEach(b::setHeader);
                if (token.isPresent() && extra.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
                    b.header("Authorization", "Bearer " + token.get());
                }
            }
            HttpResponse<byte[]> r = send(b.build());
            int s = r.statusCode();
            if (s >= 300 && s < 400 && s != 304) {
                Optional<String> location = r.headers().firstValue("Location");
                if (location.isEmpty() || hop >= options.maxRedirects()) {
                    return r;
                }
                URI next = url.resolve(location.get());
                requireAllowedScheme(next, remote.url().toString());
                url = next;
                continue;
            }
            return r;
        }
    }

    // The request timeout of java.net.http only covers the response headers; a server that stalls
    // mid-body would block forever, so the whole exchange gets one deadline here.
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = http.get().sendAsync(request, LimitedBody.handler(DocumentReader.MAX_BYTES));
        try {
            return future.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + options.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c == null ? "request failed" : c.getClass().getSimpleName() + ": " + c.getMessage(), c);
        }
    }

    private static final java.util.regex.Pattern VAR = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

    // ${VAR} in configured headers comes from the environment; an unset variable is an error rather
    // than a literal "${VAR}" sent to the server (or silently no credentials).
    private Map<String, String> expandHeaders(PolicySource.Remote remote) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        remote.headers().forEach((name, value) -> {
            java.util.regex.Matcher m = VAR.matcher(value);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String var = m.group(1);
                String v = env.apply(var).orElseThrow(() -> new PolicySourceException(remote.url().toString(),
                        "header " + name + " for " + remote.url() + " references unset environment variable " + var,
                        "export " + var + " or remove the header"));
                m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v));
            }
            m.appendTail(sb);
            out.put(name, sb.toString());
        });
        return out;
    }

    private static String tokenVariables(PolicySource.Host host) {
        return switch (host) {
            case GITHUB -> "SCC_ORG_TOKEN or GITHUB_TOKEN";
            case GITLAB -> "SCC_ORG_TOKEN or GITLAB_TOKEN";
            case OTHER -> "SCC_ORG_TOKEN";
        };
    }

    private Optional<String> token(PolicySource.Host host) {
        Optional<String> org = env.apply("SCC_ORG_TOKEN").filter(t -> !t.isBlank());
        if (org.isPresent()) {
            return org;
        }
        return switch (host) {
            case GITHUB -> env.apply("GITHUB_TOKEN").filter(t -> !t.isBlank());
            case GITLAB -> env.apply("GITLAB_TOKEN").filter(t -> !t.isBlank());
            case OTHER -> Optional.empty();
        };
    }

    private void requireAllowedScheme(URI url, String original) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && options.allowLoopbackHttpForTests() && SourceResolver.isLoopback(url.toString())) {
            return;
        }
        throw new PolicySourceException(original, "refusing non-HTTPS URL " + url, "an https:// URL");
    }

    private FetchResult readLocal(PolicySource.LocalFile local, DocumentCheck check) {
        Path p = local.path();
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(p, DocumentReader.MAX_BYTES);
        } catch (BoundedFiles.RefusedFile e) {
            throw new PolicySourceException(p.toString(), p + " " + e.problem(),
                    "a regular JSON or YAML file of at most " + DocumentReader.MAX_BYTES + " bytes", -1, e);
        } catch (NoSuchFileException e) {
            throw PolicySourceException.notFound(p.toString(), "file not found: " + p, "an existing JSON or YAML file");
        } catch (IOException e) {
            throw new PolicySourceException(p.toString(), "cannot read " + p + ": " + e.getMessage(), "a readable file", -1, e);
        }
        JsonNode doc = check.check(p.toString(), bytes);
        return new FetchResult(local, doc, FetchOrigin.LOCAL_FILE, clock.instant(), Duration.ZERO, Optional.empty(), SourceCache.sha256(bytes),
                List.of());
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
