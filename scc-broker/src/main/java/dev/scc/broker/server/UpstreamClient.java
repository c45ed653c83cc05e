package dev.scc.broker.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small blocking HTTP/1.1 client over TLS for the broker's upstream side, with kept-alive connections per host.
 * Written for latency: the request is written and the response read on the caller's thread, with no hand-offs
 * between threads (the JDK's HttpClient added several milliseconds to the first byte under load). TLS always verifies
 * the certificate chain against the given context and the host name ({@code HTTPS} endpoint identification).
 */
final class UpstreamClient implements AutoCloseable {
    /** A pooled connection idle longer than this is closed instead of reused (servers drop idle ones). */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(20).toNanos();
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final SSLContext tls;
    private final int connectTimeoutMillis;
    private final Map<String, ConcurrentLinkedDeque<Conn>> idle = new ConcurrentHashMap<>();

    UpstreamClient(SSLContext tls, Duration connectTimeout) {
        this.tls = tls;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    }

    /** A response whose body is being read from the connection. */
    record Response(int status, List<Map.Entry<String, String>> headers, long contentLength, InputStream body) {
        String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
    }

    private static final class Conn {
        final String key;
        final SSLSocket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;

        Conn(String key, SSLSocket socket) throws IOException {
            this.key = key;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 65536);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 65536);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * Sends a request and returns once the response headers arrived.
     *
     * @param headers request headers without framing headers ({@code Host}, {@code Content-Length},
     *     {@code Transfer-Encoding}, {@code Connection} are written here)
     * @param body the body, or null
     * @param length the body's length, or -1 to send it chunked (ignored without a body)
     */
    Response send(URI target, String method, List<Map.Entry<String, String>> headers, InputStream body, long length)
            throws IOException {
        String host = target.getHost();
        int port = target.getPort() > 0 ? target.getPort() : 443;
        String key = host + ":" + port;
        Conn c = pooled(key);
        if (c == null) {
            c = connect(key, host, port);
        }
        try {
            writeRequest(c, target, method, headers, body, length, host, port);
            return readResponse(c, method);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Conn pooled(String key) {
        ConcurrentLinkedDeque<Conn> q = idle.get(key);
        if (q == null) {
            return null;
        }
        for (Conn c; (c = q.pollFirst()) != null; ) {
            if (System.nanoTime() - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private Conn connect(String key, String host, int port) throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(p);
            s.startHandshake();
            return new Conn(key, s);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static void writeRequest(Conn c, URI target, String method, List<Map.Entry<String, String>> headers,
            InputStream body, long length, String host, int port) throws IOException {
        StringBuilder h = new StringBuilder(512);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        h.append(method).append(' ').append(path);
        if (target.getRawQuery() != null) {
            h.append('?').append(target.getRawQuery());
        }
        h.append(" HTTP/1.1\r\nHost: ").append(host);
        if (port != 443) {
            h.append(':').append(port);
        }
        h.append("\r\n");
        for (Map.Entry<String, String> e : headers) {
            h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        boolean chunked = body != null && length < 0;
        if (chunked) {
            h.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null || !("GET".equals(method) || "HEAD".equals(method))) {
            h.append("Content-Length: ").append(body == null ? 0 : length).append("\r\n");
        }
        h.append("\r\n");
        c.out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            byte[] buf = new byte[65536];
            long sent = 0;
            int n;
            while ((n = body.read(buf)) >= 0) {
                if (n == 0) {
                    continue;
                }
                if (chunked) {
                    c.out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    c.out.write(buf, 0, n);
                    c.out.write('\r');
                    c.out.write('\n');
                } else {
                    c.out.write(buf, 0, n);
                }
                sent += n;
            }
            if (chunked) {
                c.out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else if (sent != length) {
                throw new IOException("request body ended after " + sent + " of " + length + " bytes");
            }
        }
        c.out.flush();
    }

    private Response readResponse(Conn c, String method) throws IOException {
        while (true) {
            String status = line(c.in);
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("upstream sent no HTTP/1.1 status line");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            int total = 0;
            for (String l; !(l = line(c.in)).isEmpty(); ) {
                total += l.length();
                if (total > MAX_HEADER_BYTES) {
                    throw new IOException("upstream response headers exceed " + MAX_HEADER_BYTES + " bytes");
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.add(Map.entry(l.substring(0, colon).strip(), l.substring(colon + 1).strip()));
                }
            }
            if (code >= 100 && code < 200) {
                continue;
            }
            Response tmp = new Response(code, headers, -1, InputStream.nullInputStream());
            boolean keep = !"close".equalsIgnoreCase(tmp.header("Connection"));
            String te = tmp.header("Transfer-Encoding");
            String cl = tmp.header("Content-Length");
            InputStream body;
            long length = -1;
            if ("HEAD".equals(method) || code == 204 || code == 304) {
                length = 0;
                body = new Fixed(c, 0, keep);
            } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = new Chunked(c, keep);
            } else if (cl != null) {
                length = Long.parseLong(cl.strip());
                body = new Fixed(c, length, keep);
            } else {
                body = new Fixed(c, Long.MAX_VALUE, false);
            }
            return new Response(code, List.copyOf(headers), length, body);
        }
    }

    private void release(Conn c, boolean reusable) {
        if (!reusable) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        idle.computeIfAbsent(c.key, k -> new ConcurrentLinkedDeque<>()).addFirst(c);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '\n') {
                int n = b.size();
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
            }
            if (b.size() > MAX_HEADER_BYTES) {
                throw new IOException("upstream sent a line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            b.write(ch);
        }
        throw new EOFException("upstream closed the connection");
    }

    /** A response body on a pooled connection: closed early, the connection is dropped rather than reused. */
    private abstract static class Body extends InputStream {
        final Conn c;
        final boolean keep;
        boolean done;

        Body(Conn c, boolean keep) {
            this.c = c;
            this.keep = keep;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                c.close();
            }
        }
    }

    /** A body of known length (or up to the connection's end); hands the connection back when complete. */
    private final class Fixed extends Body {
        private long left;

        Fixed(Conn c, long length, boolean keep) {
            super(c, keep);
            this.left = length;
            if (length == 0) {
                finish(true);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            int n = c.in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                if (left != Long.MAX_VALUE) {
                    finish(false);
                    throw new EOFException("upstream closed the connection before the end of the response");
                }
                finish(false);
                return -1;
            }
            if (left != Long.MAX_VALUE) {
                left -= n;
                if (left == 0) {
                    finish(keep);
                }
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(c.in.available(), left);
        }

        private void finish(boolean reusable) {
            if (!done) {
                done = true;
                release(c, reusable);
            }
        }
    }

    /** A chunked body, decoded; hands the connection back after the last chunk and trailers. */
    private final class Chunked extends Body {
        private long left;

        Chunked(Conn c, boolean keep) {
            super(c, keep);
        }

        /** Reads across chunk boundaries while bytes are already waiting, so small chunks make few writes. */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int total = 0;
            while (total < len) {
                int n = readChunk(b, off + total, len - total);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
                if (c.in.available() == 0) {
                    break;
                }
            }
            return total;
        }

        private int readChunk(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(c.in);
                int semi = size.indexOf(';');
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                if (left == 0) {
                    while (!line(c.in).isEmpty()) {
                        // trailers are dropped
                    }
                    done = true;
                    release(c, keep);
                    return -1;
                }
            }
            int n = c.in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                done = true;
                c.close();
                throw new EOFException("upstream closed the connection inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(c.in);
            }
            return n;
        }

        /** Bytes already received, chunk headers included: the caller flushes only when nothing more is waiting. */
        @Override
        public int available() throws IOException {
            return done ? 0 : c.in.available();
        }
    }

    @Override
    public void close() {
        idle.values().forEach(q -> q.forEach(Conn::close));
        idle.clear();
    }
}
