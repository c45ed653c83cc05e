package dev.scc.safety.internal.analysis;

import dev.scc.safety.internal.shell.ShellParser;
import dev.scc.safety.internal.shell.Word;
import java.util.List;

/** The text bash's {@code echo} and {@code printf} builtins write, for literal arguments: what a shell piped from them reads. */
final class Printf {
    private Printf() {}

    /**
     * {@code echo [-neE]… args}. Whether escapes are decoded depends on the shell and its options (bash: only with -e;
     * dash and sh in POSIX mode: always), so the text is given both ways, one after the other: each is judged.
     */
    static String echo(List<Word> args) {
        int i = 0;
        while (i < args.size() && args.get(i).text().matches("-[neE]+")) {
            i++;
        }
        StringBuilder raw = new StringBuilder();
        for (int k = i; k < args.size(); k++) {
            if (k > i) {
                raw.append(' ');
            }
            raw.append(args.get(k).text());
        }
        String plain = raw.toString();
        String decoded = unescape(plain, false);
        return decoded.equals(plain) ? plain + "\n" : plain + "\n" + decoded + "\n";
    }

    /** {@code printf FORMAT args…}: the format is reused until the arguments run out; %s, %b, %c, %d-style conversions. */
    static String printf(List<Word> args) {
        int i = 0;
        if (i < args.size() && args.get(i).text().equals("--")) {
            i++;
        }
        if (i < args.size() && args.get(i).text().equals("-v")) {
            return ""; // assigns to a variable, writes nothing
        }
        if (i >= args.size()) {
            return "";
        }
        String format = args.get(i).text();
        List<Word> values = args.subList(i + 1, args.size());
        StringBuilder sb = new StringBuilder();
        int v = 0;
        int rounds = 0;
        do {
            for (int k = 0; k < format.length(); k++) {
                char c = format.charAt(k);
                if (c == '\\') {
                    int end = escapeEnd(format, k);
                    sb.append(unescape(format.substring(k, end), false));
                    k = end - 1;
                } else if (c == '%' && k + 1 < format.length()) {
                    int j = k + 1;
                    while (j < format.length() && "-+ #0123456789.".indexOf(format.charAt(j)) >= 0) {
                        j++;
                    }
                    if (j >= format.length()) {
                        break;
                    }
                    char conv = format.charAt(j);
                    String arg = v < values.size() ? values.get(v).text() : "";
                    if (conv == '%') {
                        sb.append('%');
                    } else {
                        v++;
                        if (conv == 'b') {
                            sb.append(unescape(arg, true));
                        } else if (conv == 'c') {
                            sb.append(arg.isEmpty() ? "" : arg.substring(0, 1));
                        } else {
                            sb.append(arg);
                        }
                    }
                    k = j;
                } else {
                    sb.append(c);
                }
            }
            rounds++;
        } while (v < values.size() && format.contains("%") && rounds < 1000);
        return sb.toString();
    }

    private static int escapeEnd(String s, int k) {
        if (k + 1 >= s.length()) {
            return s.length();
        }
        char e = s.charAt(k + 1);
        int end = k + 2;
        int max = e == 'x' ? 2 : e == '0' ? 3 : e >= '1' && e <= '7' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
        while (max-- > 0 && end < s.length() && Character.digit(s.charAt(end), e == 'x' || e == 'u' || e == 'U' ? 16 : 8) >= 0) {
            end++;
        }
        return end;
    }

    /** Backslash escapes as echo -e / printf %b read them (n, t, backslash, xHH, 0NNN, NNN, uHHHH). */
    static String unescape(String s, boolean percentB) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c != '\\' || k + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(k + 1);
            int end = escapeEnd(s, k);
            String digits = s.substring(Math.min(k + 2, end), end);
            int control = ShellParser.controlEscape(e);
            if (control >= 0) {
                sb.append((char) control);
                k = end - 1;
                continue;
            }
            switch (e) {
                case 'c': return sb.toString(); // stop output
                case 'x': case 'u': case 'U':
                    if (digits.isEmpty()) {
                        sb.append('\\').append(e);
                    } else {
                        sb.appendCodePoint(Math.min(Integer.parseInt(digits, 16), 0x10FFFF));
                    }
                    break;
                default:
                    if (e >= '0' && e <= '7') {
                        String oct = e == '0' ? digits : s.substring(k + 1, Math.min(s.length(), escapeEnd(s, k)));
                        sb.append((char) (oct.isEmpty() ? 0 : Integer.parseInt(oct, 8) & 0xff));
                    } else {
                        sb.append('\\').append(e);
                        end = k + 2;
                    }
            }
            k = end - 1;
        }
        return sb.toString();
    }
}
