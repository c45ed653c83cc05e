package dev.scc.policy.source.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs an archive over HTTPS: redirects followed by hand (at most 5, HTTPS only), no credentials sent (an archive
 * host is not the org's policy host, so no policy token may reach it), one deadline for the whole exchange and a
 * size limit. Not API.
 */
public final class HttpsDownloader {
    private final HttpClient http;
    private final Duration timeout;
    private final int maxBytes;
    private final boolean allowLoopbackHttp;

    /**
     * @param allowLoopbackHttp TEST ONLY: also allow plain HTTP to 127.0.0.1/localhost/[::1]
     */
    public HttpsDownloader(Duration timeout, int maxBytes, boolean allowLoopbackHttp) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.allowLoopbackHttp = allowLoopbackHttp;
    }

    public byte[] download(URI url) throws IOException {
        URI u = url;
        for (int hop = 0; ; hop++) {
            requireAllowed(u);
            HttpRequest req = HttpRequest.newBuilder(u).timeout(timeout).header("User-Agent", "scc").GET().build();
            CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, LimitedBody.handler(maxBytes));
            HttpResponse<byte[]> r;
            try {
                r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new IOException("no complete response within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
            }
            int s = r.statusCode();
            if (s >= 300 && s < 400 && r.headers().firstValue("Location").isPresent() && hop < 5) {
                u = u.resolve(r.headers().firstValue("Location").get());
                continue;
            }
            if (s != 200) {
                throw new IOException("HTTP " + s);
            }
            return r.body();
        }
    }

    private void requireAllowed(URI u) throws IOException {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        String host = u.getHost() == null ? "" : u.getHost();
        if (allowLoopbackHttp && scheme.equals("http")
                && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
            return;
        }
        throw new IOException("refusing " + scheme + "://" + host + ": only HTTPS is allowed (redirects too)");
    }
}
