package dev.scc.policy.source.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a {@code .tar.gz}/{@code .tgz} or {@code .zip} skill archive into an empty directory, admitting only
 * regular files and directories with safe relative names (no absolute paths, {@code ..}, backslashes or control
 * characters) and stopping at an entry and byte limit, so a hostile archive can neither write outside the
 * directory nor fill the disk. Links, devices and FIFOs are refused. Not API.
 */
public final class SkillArchive {
    /** Archive-wide limits (the skill directory inside it has its own, smaller ones). */
    public static final int MAX_ENTRIES = 10_000;
    public static final long MAX_BYTES = 64L << 20;

    /** Why an archive was refused. */
    public static final class ArchiveException extends Exception {
        private static final long serialVersionUID = 1L;

        public ArchiveException(String message) {
            super(message);
        }
    }

    private SkillArchive() {}

    /** The archive kind from the URL path's suffix, or empty. */
    public static java.util.Optional<String> kind(String urlPath) {
        String p = urlPath.toLowerCase(java.util.Locale.ROOT);
        if (p.endsWith(".tar.gz") || p.endsWith(".tgz")) {
            return java.util.Optional.of("tar.gz");
        }
        return p.endsWith(".zip") ? java.util.Optional.of("zip") : java.util.Optional.empty();
    }

    /** Unpacks {@code archive} of {@code kind} ({@code tar.gz} or {@code zip}) into {@code dir}. */
    public static void unpack(String kind, byte[] archive, Path dir) throws IOException, ArchiveException {
        Files.createDirectories(dir);
        long[] total = {0};
        int entries = 0;
        if (kind.equals("zip")) {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (++entries > MAX_ENTRIES) {
                        throw new ArchiveException("more than " + MAX_ENTRIES + " archive entries");
                    }
                    // A zip made on Unix keeps the file type and mode in the upper half of the external attributes,
                    // which ZipInputStream cannot see; links stored that way arrive as small files holding the target.
                    put(dir, e.getName(), e.isDirectory(), false, in, total);
                }
            }
            return;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(archive))) {
            String longName = null;
            String paxPath = null;
            byte[] header = new byte[512];
            while (true) {
                if (!readFully(in, header)) {
                    throw new ArchiveException("truncated tar archive");
                }
                if (allZero(header)) {
                    return;
                }
                if (++entries > MAX_ENTRIES) {
                    throw new ArchiveException("more than " + MAX_ENTRIES + " archive entries");
                }
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                String name = paxPath != null ? paxPath : longName != null ? longName : name(header);
                switch (type) {
                    case 'x', 'g', 'L' -> {
                        if (size > 1 << 20) {
                            throw new ArchiveException("tar metadata entry too large");
                        }
                        byte[] data = readData(in, size);
                        if (type == 'L') {
                            longName = cString(data, 0, data.length);
                        } else if (type == 'x') {
                            paxPath = paxPath(data);
                        }
                        continue;
                    }
                    case '0', '\0', '7' -> {
                        int mode = (int) octal(header, 100, 8);
                        Bounded data = new Bounded(in, size);
                        put(dir, name, false, (mode & 0100) != 0, data, total);
                        data.transferTo(java.io.OutputStream.nullOutputStream());
                        skip(in, padding(size));
                    }
                    case '5' -> put(dir, name, true, false, InputStream.nullInputStream(), total);
                    default -> throw new ArchiveException("'" + name + "' is a " + typeName(type)
                            + "; skill archives may hold regular files and directories only");
                }
                longName = null;
                paxPath = null;
            }
        }
    }

    private static void put(Path dir, String rawName, boolean directory, boolean executable, InputStream data,
            long[] total) throws IOException, ArchiveException {
        String name = rawName.startsWith("./") ? rawName.substring(2) : rawName;
        if (name.isEmpty() || name.equals(".")) {
            return;
        }
        if (name.startsWith("/")) {
            throw new ArchiveException("'" + rawName + "' is an absolute path");
        }
        List<String> segs = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..") || s.contains("\\") || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new ArchiveException("'" + rawName + "' has an unsafe path segment");
            }
            segs.add(s);
        }
        if (segs.isEmpty()) {
            return;
        }
        Path target = dir;
        for (String s : segs) {
            target = target.resolve(s);
        }
        if (directory) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new ArchiveException("'" + rawName + "' appears twice");
        }
        byte[] buf = new byte[8192];
        try (var out = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            for (int n; (n = data.read(buf)) > 0; ) {
                total[0] += n;
                if (total[0] > MAX_BYTES) {
                    throw new ArchiveException("unpacks to more than " + MAX_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    private static String typeName(char t) {
        return switch (t) {
            case '1' -> "hard link";
            case '2' -> "symlink";
            case '3', '4' -> "device file";
            case '6' -> "FIFO";
            default -> "tar entry of type '" + t + "'";
        };
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] data) throws ArchiveException {
        String path = null;
        int i = 0;
        while (i < data.length) {
            int sp = indexOf(data, (byte) ' ', i);
            if (sp < 0) {
                throw new ArchiveException("malformed pax header");
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new ArchiveException("malformed pax header");
            }
            if (len <= sp - i || i + len > data.length) {
                throw new ArchiveException("malformed pax header");
            }
            String rec = new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            if (rec.startsWith("path=")) {
                path = rec.substring(5);
            } else if (rec.startsWith("linkpath=")) {
                throw new ArchiveException("pax link entries are not allowed");
            }
            i += len;
        }
        return path;
    }

    private static int indexOf(byte[] d, byte b, int from) {
        for (int i = from; i < d.length; i++) {
            if (d[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) throws ArchiveException {
        if ((h[off] & 0x80) != 0) {
            throw new ArchiveException("tar entries over 8 GiB (base-256 sizes) are not supported");
        }
        String s = cString(h, off, len).strip();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new ArchiveException("malformed tar header");
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                return false;
            }
            off += n;
        }
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException, ArchiveException {
        byte[] data = new byte[(int) size];
        if (!readFully(in, data)) {
            throw new ArchiveException("truncated tar archive");
        }
        skip(in, padding(size));
        return data;
    }

    private static long padding(long size) {
        return (512 - size % 512) % 512;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    return;
                }
                s = 1;
            }
            left -= s;
        }
    }

    /** Reads at most {@code size} bytes of an entry's data. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("truncated tar archive");
            }
            left -= n;
            return n;
        }
    }
}
