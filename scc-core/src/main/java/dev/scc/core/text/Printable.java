package dev.scc.core.text;

import java.util.OptionalInt;

/**
 * Text from documents shown on a terminal. Control characters (C0 other than newline and tab, DEL, C1) and the
 * Unicode bidirectional controls can move the cursor, rewrite earlier lines, change the window title or reorder
 * what is read ("Trojan Source"); a policy document must not carry them, and whatever is printed has them escaped.
 */
public final class Printable {
    private Printable() {}

    /** Whether {@code c} may not appear in document text. */
    public static boolean isControl(int c) {
        if (c == '\n' || c == '\t') {
            return false;
        }
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x061c;
    }

    /** The first control character in {@code s}, if any. */
    public static OptionalInt firstControl(String s) {
        return s.codePoints().filter(Printable::isControl).findFirst();
    }

    /** {@code s} with each control character written as {@code \\u001b}, so it shows instead of acting. */
    public static String escape(String s) {
        if (firstControl(s).isEmpty()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            if (isControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** How a control character is named in messages: {@code U+001B (ESC)}. */
    public static String describe(int c) {
        String name = switch (c) {
            case 0x1b -> " (ESC, a terminal escape)";
            case 0x0d -> " (carriage return)";
            case 0x07 -> " (BEL)";
            case 0x08 -> " (backspace)";
            case 0x9b -> " (CSI, a terminal escape)";
            default -> c >= 0x200e ? " (a bidirectional control)" : "";
        };
        return String.format("U+%04X", c) + name;
    }
}
