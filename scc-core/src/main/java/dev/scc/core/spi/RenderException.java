package dev.scc.core.spi;

/**
 * A render or write could not be done. Carries the file (or id) concerned, what was expected and the fix. When a
 * {@link RenderWriter} throws it, the target tree is as it was before the write.
 */
public class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String expected;
    private final String fix;

    public RenderException(String message, String file, String expected, String fix) {
        this(message, file, expected, fix, null);
    }

    public RenderException(String message, String file, String expected, String fix, Throwable cause) {
        super(message + (file.isEmpty() ? "" : " [" + file + "]") + (expected.isEmpty() ? "" : "; expected " + expected)
                + (fix.isEmpty() ? "" : "; fix: " + fix), cause);
        this.file = file;
        this.expected = expected;
        this.fix = fix;
    }

    public String file() {
        return file;
    }

    public String expected() {
        return expected;
    }

    public String fix() {
        return fix;
    }
}
