package dev.scc.core.spi;

/**
 * A render or write could not be done. Carries the file (or id) concerned, what was expected and the fix. When a
 * {@link RenderWriter} throws it, the target tree is as it was before the write. Its kind is {@code FAILED}.
 */
public class RenderException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String expected;

    public RenderException(String message, String file, String expected, String fix) {
        this(message, file, expected, fix, null);
    }

    public RenderException(String message, String file, String expected, String fix, Throwable cause) {
        super(Kind.FAILED, message + (file.isEmpty() ? "" : " [" + file + "]") + (expected.isEmpty() ? "" : "; expected " + expected)
                + (fix.isEmpty() ? "" : "; fix: " + fix), fix, cause);
        this.file = file;
        this.expected = expected;
    }

    public String file() {
        return file;
    }

    public String expected() {
        return expected;
    }
}
