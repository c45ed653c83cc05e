package dev.scc.safety.internal.shell;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bash-compatible scanner that finds every simple command a script would run, wherever it sits:
 * lists and pipelines ({@code ; && || | |& &} and newlines), subshells, brace groups, compound
 * commands ({@code if/while/until/for/case}), function bodies, command and process substitution
 * ({@code $(…)}, backticks, {@code <(…)}), arithmetic, {@code ${…}} and here-documents. Quoting
 * ({@code '…'}, {@code "…"}, {@code $'…'}) and escapes are removed as bash would, so text that is only
 * data never becomes a command.
 *
 * <p>It does not execute or expand anything: words that depend on run-time values are marked
 * {@link Word#dynamic()}. Anything it cannot scan with certainty raises {@link ShellSyntaxException}
 * so that the caller can fail closed.
 */
public final class ShellParser {
    /** Nesting (substitutions, subshells, nested parses) beyond this is refused. */
    public static final int MAX_DEPTH = 24;
    /**
     * Scripts longer than this are refused: Linux refuses any single exec argument over 128 KiB (MAX_ARG_STRLEN), so no
     * agent can hand a longer line to {@code bash -c}; a longer text can only be a script file, which the agent is told
     * to write and run.
     */
    public static final int MAX_CHARS = 128 * 1024;

    private static final Set<String> PREFIX_KEYWORDS = Set.of("!", "{", "if", "then", "else", "elif", "do", "while", "until", "coproc");
    private static final Set<String> CLOSING_KEYWORDS = Set.of("}", "fi", "done");

    private enum Term { EOF, PAREN, CASE_ITEM }

    private final String s;
    private final int baseDepth;
    private final List<Builder> out;
    private final List<Builder> pendingHeredocs = new ArrayList<>();
    private int pos;
    private boolean esacSeen;
    /**
     * Inside the scan of an arithmetic body whose text is re-read as commands afterwards: nested arithmetic
     * is then only scanned, not re-read itself (the outer re-read reaches it). Without this every level
     * of {@code $(( $(( … )) ))} would be read twice by each enclosing level: 2^depth work.
     */
    private boolean inArithmeticScan;

    private static final class Builder {
        final List<Word> words = new ArrayList<>();
        final List<String[]> heredocs = new ArrayList<>(); // {delimiter, quoted?"q":"", strip?"s":""}
        String stdin;
        Builder pipedFrom;
    }

    private ShellParser(String s, int depth, List<Builder> out) {
        AnalysisBudget.spend(s.length() + 1L);
        this.s = s;
        this.baseDepth = depth;
        this.out = out;
    }

    /** Scans {@code script} and returns its simple commands in source order (nested ones after their host's words are read). */
    public static List<SimpleCommand> parse(String script) {
        return parse(script, 0);
    }

    /** As {@link #parse(String)}, counting {@code depth} levels of enclosing nesting against {@link #MAX_DEPTH}. */
    public static List<SimpleCommand> parse(String script, int depth) {
        if (script.length() > MAX_CHARS) {
            throw new AnalysisLimitException("command text is longer than " + MAX_CHARS + " characters");
        }
        return AnalysisBudget.within(script.length(), () -> parseWithinBudget(script, depth));
    }

    private static List<SimpleCommand> parseWithinBudget(String script, int depth) {
        List<Builder> out = new ArrayList<>();
        new ShellParser(script, depth, out).run();
        Map<Builder, SimpleCommand> built = new IdentityHashMap<>();
        List<SimpleCommand> result = new ArrayList<>(out.size());
        for (Builder b : out) {
            SimpleCommand c = new SimpleCommand(b.words, Optional.ofNullable(b.stdin),
                    b.pipedFrom == null ? Optional.empty() : Optional.ofNullable(built.get(b.pipedFrom)));
            built.put(b, c);
            result.add(c);
        }
        return List.copyOf(result);
    }

    private void run() {
        checkDepth(baseDepth);
        parseList(Term.EOF, baseDepth);
        if (!pendingHeredocs.isEmpty()) {
            readHeredocBodies(baseDepth);
        }
    }

    private void rollback(int position, int recorded) {
        AnalysisBudget.spend(Math.max(0, pos - position) + 1L);
        pos = position;
        while (out.size() > recorded) {
            pendingHeredocs.remove(out.remove(out.size() - 1));
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new AnalysisLimitException("nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    // ---- lists -------------------------------------------------------------------------------

    private void parseList(Term term, int depth) {
        checkDepth(depth);
        Builder previousInPipe = null;
        boolean pipeNext = false;
        while (true) {
            skipBlanks();
            if (pos >= s.length()) {
                if (term == Term.EOF || term == Term.CASE_ITEM) {
                    return;
                }
                throw new ShellSyntaxException("unterminated '(' or '$(': missing ')'");
            }
            char c = s.charAt(pos);
            if (c == '#') {
                skipComment();
                continue;
            }
            if (c == '\n') {
                pos++;
                readHeredocBodies(depth);
                previousInPipe = null;
                pipeNext = false;
                continue;
            }
            if (c == ';') {
                if (term == Term.CASE_ITEM && at(";;")) {
                    pos += at(";;&") ? 3 : 2;
                    return;
                }
                if (term == Term.CASE_ITEM && at(";&")) {
                    pos += 2;
                    return;
                }
                pos++;
                previousInPipe = null;
                pipeNext = false;
                continue;
            }
            if (c == '&') {
                pos += at("&&") ? 2 : 1;
                previousInPipe = null;
                pipeNext = false;
                continue;
            }
            if (c == '|') {
                if (at("||")) {
                    pos += 2;
                    previousInPipe = null;
                    pipeNext = false;
                } else {
                    pos += at("|&") ? 2 : 1;
                    pipeNext = true;
                }
                continue;
            }
            if (c == ')') {
                if (term == Term.PAREN) {
                    pos++;
                    return;
                }
                throw new ShellSyntaxException("unexpected ')' at offset " + pos);
            }
            if (c == '(') {
                if (at("((")) {
                    int save = pos;
                    int recorded = out.size();
                    try {
                        pos += 2;
                        scanArithmetic(depth + 1);
                    } catch (AnalysisLimitException e) {
                        throw e;
                    } catch (ShellSyntaxException e) {
                        // bash's fallback: "((cmd) …)" is two nested subshells
                        rollback(save, recorded);
                        pos++;
                        parseList(Term.PAREN, depth + 1);
                    }
                } else {
                    pos++;
                    parseList(Term.PAREN, depth + 1);
                }
                previousInPipe = null;
                continue;
            }
            Builder b = parseSimpleCommand(term, depth);
            if (esacSeen) {
                return;
            }
            if (b != null) {
                if (pipeNext) {
                    b.pipedFrom = previousInPipe;
                }
                previousInPipe = b;
            }
            pipeNext = false;
        }
    }

    /** Reads one simple command (or a compound-command keyword) and records it; returns it or null. */
    private Builder parseSimpleCommand(Term term, int depth) {
        Builder b = new Builder();
        int recordAt = out.size();
        while (true) {
            skipBlanks();
            if (pos >= s.length()) {
                break;
            }
            char c = s.charAt(pos);
            if (c == '\n' || c == ';' || c == '&' || c == '|' || c == ')') {
                if (c == '&' && at("&>")) {
                    redirection(b, depth);
                    continue;
                }
                break;
            }
            if (c == '#') {
                // a word that starts with '#' starts a comment, wherever the word is
                skipComment();
                break;
            }
            if (c == '(') {
                if (b.words.size() == 1 && !b.words.get(0).quoted()) {
                    // name () compound-command: a function definition; its body is scanned next.
                    pos++;
                    skipBlanks();
                    if (pos < s.length() && s.charAt(pos) == ')') {
                        pos++;
                        return null;
                    }
                }
                if (b.words.isEmpty()) {
                    break;
                }
                throw new ShellSyntaxException("unexpected '(' at offset " + pos);
            }
            if ((c == '<' || c == '>') && pos + 1 < s.length() && s.charAt(pos + 1) == '(') {
                // process substitution: a word whose command runs
                pos += 2;
                parseList(Term.PAREN, depth + 1);
                b.words.add(new Word("/dev/fd/63", true, false));
                continue;
            }
            if (c == '<' || c == '>' || isFdRedirection()) {
                redirection(b, depth);
                continue;
            }
            if (b.words.isEmpty()) {
                int save = pos;
                Word w = readWord(depth);
                if (!w.quoted() && !w.dynamic()) {
                    String t = w.text();
                    if (PREFIX_KEYWORDS.contains(t)) {
                        continue;
                    }
                    if (CLOSING_KEYWORDS.contains(t)) {
                        continue;
                    }
                    if (t.equals("esac")) {
                        if (term == Term.CASE_ITEM) {
                            esacSeen = true;
                            return null;
                        }
                        continue;
                    }
                    if (t.equals("for") || t.equals("select")) {
                        skipHeaderUntilSeparator(depth);
                        continue;
                    }
                    if (t.equals("function")) {
                        skipBlanks();
                        readWord(depth);
                        skipBlanks();
                        if (at("()")) {
                            pos += 2;
                        }
                        return null;
                    }
                    if (t.equals("case")) {
                        parseCase(depth);
                        return null;
                    }
                    if (t.equals("[[")) {
                        scanConditional(depth);
                        return null;
                    }
                    if (t.equals("((") ) {
                        pos = save + 2;
                        scanArithmetic(depth + 1);
                        return null;
                    }
                }
                b.words.add(w);
                continue;
            }
            b.words.add(readWord(depth));
        }
        if (b.words.isEmpty() && b.heredocs.isEmpty() && b.stdin == null) {
            return null;
        }
        // Record the host before any nested command found while reading its words? No: nested
        // commands were appended as they were read; insert the host where it started so order is
        // source order of command starts.
        AnalysisBudget.command();
        out.add(recordAt, b);
        if (!b.heredocs.isEmpty()) {
            pendingHeredocs.add(b);
        }
        return b;
    }

    private boolean isFdRedirection() {
        int p = pos;
        while (p < s.length() && Character.isDigit(s.charAt(p))) {
            p++;
        }
        if (p > pos && p < s.length() && (s.charAt(p) == '<' || s.charAt(p) == '>')) {
            return true;
        }
        return false;
    }

    private void redirection(Builder b, int depth) {
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
        if (at("<<<")) {
            pos += 3;
            skipBlanks();
            Word w = readWord(depth);
            b.stdin = w.text();
            return;
        }
        if (at("<<")) {
            boolean strip = at("<<-");
            pos += strip ? 3 : 2;
            skipBlanks();
            int start = pos;
            Word w = readWord(depth);
            if (w.text().isEmpty() && pos == start) {
                throw new ShellSyntaxException("here-document without a delimiter");
            }
            String raw = s.substring(start, pos);
            boolean quoted = raw.indexOf('\'') >= 0 || raw.indexOf('"') >= 0 || raw.indexOf('\\') >= 0;
            b.heredocs.add(new String[] {w.text(), quoted ? "q" : "", strip ? "s" : ""});
            return;
        }
        String[] ops = {"&>>", "&>", ">>", ">|", ">&", "<&", "<>", ">", "<"};
        for (String op : ops) {
            if (at(op)) {
                pos += op.length();
                skipBlanks();
                if (pos >= s.length() || "\n;&|)".indexOf(s.charAt(pos)) >= 0) {
                    if (!(op.equals(">&") || op.equals("<&"))) {
                        throw new ShellSyntaxException("redirection '" + op + "' without a target");
                    }
                    return;
                }
                if ((s.charAt(pos) == '<' || s.charAt(pos) == '>') && pos + 1 < s.length() && s.charAt(pos + 1) == '(') {
                    pos += 2;
                    parseList(Term.PAREN, depth + 1);
                    return;
                }
                readWord(depth);
                return;
            }
        }
        throw new ShellSyntaxException("bad redirection at offset " + pos);
    }

    private void readHeredocBodies(int depth) {
        List<Builder> todo = new ArrayList<>(pendingHeredocs);
        pendingHeredocs.clear();
        for (Builder b : todo) {
            for (String[] h : b.heredocs) {
                String delim = h[0];
                boolean quoted = !h[1].isEmpty();
                boolean strip = !h[2].isEmpty();
                StringBuilder body = new StringBuilder();
                while (pos < s.length()) {
                    int eol = s.indexOf('\n', pos);
                    int end = eol < 0 ? s.length() : eol;
                    String line = s.substring(pos, end);
                    pos = eol < 0 ? s.length() : eol + 1;
                    String cmp = strip ? stripTabs(line) : line;
                    if (cmp.equals(delim)) {
                        break;
                    }
                    body.append(strip ? stripTabs(line) : line).append('\n');
                }
                String text = body.toString();
                if (!quoted) {
                    text = new ShellParser(text, depth + 1, out).expandHeredoc(depth + 1);
                }
                b.stdin = text;
            }
        }
    }

    private static String stripTabs(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '\t') {
            i++;
        }
        return line.substring(i);
    }

    /** An unquoted here-document body: expansions run (and are recorded); the rest is text. */
    private String expandHeredoc(int depth) {
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < s.length() && "$`\\\n".indexOf(s.charAt(pos + 1)) >= 0) {
                if (s.charAt(pos + 1) != '\n') {
                    sb.append(s.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '$') {
                dollar(sb, depth, true);
            } else if (c == '`') {
                backtick(sb, depth);
            } else {
                sb.append(c);
                pos++;
            }
        }
        return sb.toString();
    }

    private void skipHeaderUntilSeparator(int depth) {
        skipBlanks();
        if (at("((")) {
            pos += 2;
            scanArithmetic(depth + 1);
            return;
        }
        while (true) {
            skipBlanks();
            if (pos >= s.length()) {
                return;
            }
            char c = s.charAt(pos);
            if (c == ';' || c == '\n') {
                return;
            }
            if ("&|()<>".indexOf(c) >= 0) {
                throw new ShellSyntaxException("unexpected '" + c + "' in a for/select header");
            }
            int save = pos;
            Word w = readWord(depth);
            if (!w.quoted() && w.text().equals("do")) {
                pos = save;
                return;
            }
        }
    }

    private void parseCase(int depth) {
        skipBlanks();
        readWord(depth);
        skipBlanksAndNewlines();
        Word in = readWord(depth);
        if (!in.text().equals("in")) {
            throw new ShellSyntaxException("'case' without 'in'");
        }
        while (true) {
            skipBlanksAndNewlines();
            if (pos >= s.length()) {
                throw new ShellSyntaxException("'case' without 'esac'");
            }
            if (s.charAt(pos) == '#') {
                skipComment();
                continue;
            }
            int save = pos;
            Word w = readWord(depth);
            if (!w.quoted() && w.text().equals("esac")) {
                return;
            }
            pos = save;
            if (s.charAt(pos) == '(') {
                pos++;
            }
            // pattern words separated by '|' up to ')'
            while (true) {
                skipBlanks();
                if (pos >= s.length()) {
                    throw new ShellSyntaxException("unterminated case pattern");
                }
                char c = s.charAt(pos);
                if (c == ')') {
                    pos++;
                    break;
                }
                if (c == '|') {
                    pos++;
                    continue;
                }
                int before = pos;
                readWord(depth);
                if (pos == before) {
                    throw new ShellSyntaxException("bad case pattern at offset " + pos);
                }
            }
            esacSeen = false;
            parseList(Term.CASE_ITEM, depth + 1);
            if (esacSeen) {
                esacSeen = false;
                return;
            }
        }
    }

    private void scanConditional(int depth) {
        while (true) {
            skipBlanksAndNewlines();
            if (pos >= s.length()) {
                throw new ShellSyntaxException("'[[' without ']]'");
            }
            if (at("]]") && (pos + 2 >= s.length() || " \t\n;&|)".indexOf(s.charAt(pos + 2)) >= 0)) {
                pos += 2;
                return;
            }
            char c = s.charAt(pos);
            if ("()<>!&|".indexOf(c) >= 0) {
                pos++;
                continue;
            }
            int before = pos;
            readWord(depth);
            if (pos == before) {
                pos++;
            }
        }
    }

    /**
     * Scans {@code (( … ))} or {@code $(( … ))} contents after the opening parens, recording substitutions
     * inside. The contents are also scanned as commands (as if they were nested subshells): bash falls back
     * to that reading for some texts, and the conservative choice is to judge both.
     */
    private void scanArithmetic(int depth) {
        int start = pos;
        boolean outer = !inArithmeticScan;
        inArithmeticScan = true;
        try {
            scanArithmeticBody(depth);
        } finally {
            inArithmeticScan = !outer;
        }
        if (!outer) {
            return; // the enclosing arithmetic re-reads this text too
        }
        String inner = s.substring(start, Math.max(start, pos - 2));
        List<Builder> tmp = new ArrayList<>();
        try {
            new ShellParser(inner, depth + 1, tmp).run();
            out.addAll(tmp);
        } catch (AnalysisLimitException e) {
            throw e;
        } catch (ShellSyntaxException e) {
            // not a command list: plain arithmetic
        }
    }

    private void scanArithmeticBody(int depth) {
        checkDepth(depth);
        if (s.indexOf("))", pos) < 0) {
            throw new ShellSyntaxException("unterminated arithmetic '(('"); // without scanning to the end first
        }
        int parens = 0;
        StringBuilder ignored = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '(') {
                parens++;
                pos++;
            } else if (c == ')') {
                if (parens == 0) {
                    if (at("))")) {
                        pos += 2;
                        return;
                    }
                    throw new ShellSyntaxException("bad arithmetic expression");
                }
                parens--;
                pos++;
            } else if (c == '$') {
                dollar(ignored, depth, false);
            } else if (c == '`') {
                backtick(ignored, depth);
            } else if (c == '\'' ) {
                singleQuoted(ignored);
            } else if (c == '"') {
                doubleQuoted(ignored, depth, new boolean[1]);
            } else {
                pos++;
            }
        }
        throw new ShellSyntaxException("unterminated arithmetic '(('");
    }

    // ---- words -------------------------------------------------------------------------------

    private Word readWord(int depth) {
        // most words hold no quote, escape, expansion or parenthesis: take them as they stand, without copying
        int start = pos;
        int end = start;
        while (end < s.length() && PLAIN.indexOf(s.charAt(end)) < 0) {
            end++;
        }
        if (end > start && (end == s.length() || TERMINATORS.indexOf(s.charAt(end)) >= 0)) {
            pos = end;
            return new Word(s.substring(start, end), false, false);
        }
        StringBuilder sb = new StringBuilder();
        boolean[] dyn = new boolean[1];
        boolean quoted = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == ')') {
                break;
            }
            if (c == '(') {
                if (isAssignmentPrefix(sb) && !quoted) {
                    // NAME=( … ) array assignment: scan it as words.
                    pos++;
                    sb.append('(');
                    while (true) {
                        skipBlanksAndNewlines();
                        if (pos >= s.length()) {
                            throw new ShellSyntaxException("unterminated array assignment");
                        }
                        if (s.charAt(pos) == ')') {
                            pos++;
                            sb.append(')');
                            break;
                        }
                        int before = pos;
                        Word w = readWord(depth);
                        if (pos == before) {
                            throw new ShellSyntaxException("bad array assignment");
                        }
                        dyn[0] |= w.dynamic();
                        sb.append(w.text()).append(' ');
                    }
                    continue;
                }
                break;
            }
            switch (c) {
                case '\\':
                    if (pos + 1 >= s.length()) {
                        sb.append('\\');
                        pos++;
                    } else if (s.charAt(pos + 1) == '\n') {
                        pos += 2;
                    } else {
                        sb.append(s.charAt(pos + 1));
                        pos += 2;
                        quoted = true;
                    }
                    break;
                case '\'':
                    singleQuoted(sb);
                    quoted = true;
                    break;
                case '"':
                    doubleQuoted(sb, depth, dyn);
                    quoted = true;
                    break;
                case '$':
                    if (pos + 1 < s.length() && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
                        quoted = true;
                    }
                    dyn[0] |= dollar(sb, depth, false);
                    break;
                case '`':
                    backtick(sb, depth);
                    dyn[0] = true;
                    break;
                default:
                    sb.append(c);
                    pos++;
            }
        }
        return new Word(sb.toString(), dyn[0], quoted);
    }

    /** Characters that end a plain word or need the full reading ({@link #readWord}'s fast path stops at them). */
    private static final String PLAIN = " \t\n;&|<>()\\'\"$`";
    /** The characters that end a word (the full reading breaks at them). */
    private static final String TERMINATORS = " \t\n;&|<>)";

    private static boolean isAssignmentPrefix(StringBuilder sb) {
        int n = sb.length();
        if (n < 2) {
            return false;
        }
        int end = sb.charAt(n - 1) == '=' ? n - 1 : -1;
        if (end < 0) {
            return false;
        }
        if (end > 0 && sb.charAt(end - 1) == '+') {
            end--;
        }
        if (end == 0 || !(Character.isLetter(sb.charAt(0)) || sb.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char ch = sb.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '_')) {
                return false;
            }
        }
        return true;
    }

    private void singleQuoted(StringBuilder sb) {
        int end = s.indexOf('\'', pos + 1);
        if (end < 0) {
            throw new ShellSyntaxException("unterminated single quote");
        }
        sb.append(s, pos + 1, end);
        pos = end + 1;
    }

    private void doubleQuoted(StringBuilder sb, int depth, boolean[] dyn) {
        pos++;
        while (true) {
            if (pos >= s.length()) {
                throw new ShellSyntaxException("unterminated double quote");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < s.length() && "$`\"\\\n".indexOf(s.charAt(pos + 1)) >= 0) {
                if (s.charAt(pos + 1) != '\n') {
                    sb.append(s.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '$') {
                dyn[0] |= dollar(sb, depth, true);
            } else if (c == '`') {
                backtick(sb, depth);
                dyn[0] = true;
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    /** Handles text starting at '$'; returns whether the result is dynamic. */
    private boolean dollar(StringBuilder sb, int depth, boolean inDouble) {
        if (pos + 1 >= s.length()) {
            sb.append('$');
            pos++;
            return false;
        }
        char n = s.charAt(pos + 1);
        if (n == '\'' && !inDouble) {
            pos += 2;
            ansiC(sb);
            return false;
        }
        if (n == '"' && !inDouble) {
            pos++;
            boolean[] dyn = new boolean[1];
            doubleQuoted(sb, depth, dyn);
            return dyn[0];
        }
        if (n == '(') {
            if (pos + 2 < s.length() && s.charAt(pos + 2) == '(') {
                int save = pos;
                int recorded = out.size();
                try {
                    pos += 3;
                    scanArithmetic(depth + 1);
                    sb.append("$((…))");
                    return true;
                } catch (AnalysisLimitException e) {
                    throw e;
                } catch (ShellSyntaxException e) {
                    // bash's fallback: "$((cmd) …)" is a command substitution starting with a subshell
                    rollback(save, recorded);
                }
            }
            pos += 2;
            parseList(Term.PAREN, depth + 1);
            sb.append("$(…)");
            return true;
        }
        if (n == '{') {
            int start = pos;
            pos += 2;
            int braces = 1;
            StringBuilder ignored = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new ShellSyntaxException("unterminated '${'");
                }
                char c = s.charAt(pos);
                if (c == '}') {
                    braces--;
                    pos++;
                    if (braces == 0) {
                        break;
                    }
                } else if (c == '{') {
                    braces++;
                    pos++;
                } else if (c == '\\') {
                    pos = Math.min(s.length(), pos + 2);
                } else if (c == '\'') {
                    singleQuoted(ignored);
                } else if (c == '"') {
                    doubleQuoted(ignored, depth, new boolean[1]);
                } else if (c == '$') {
                    dollar(ignored, depth, inDouble);
                } else if (c == '`') {
                    backtick(ignored, depth);
                } else {
                    pos++;
                }
            }
            sb.append(s, start, pos);
            return true;
        }
        if (Character.isLetter(n) || n == '_') {
            int start = pos;
            pos++;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            sb.append(s, start, pos);
            return true;
        }
        if (Character.isDigit(n) || "@*#?-$!".indexOf(n) >= 0) {
            sb.append(s, pos, pos + 2);
            pos += 2;
            return true;
        }
        sb.append('$');
        pos++;
        return false;
    }

    private void ansiC(StringBuilder sb) {
        while (true) {
            if (pos >= s.length()) {
                throw new ShellSyntaxException("unterminated $'…' string");
            }
            char c = s.charAt(pos++);
            if (c == '\'') {
                return;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw new ShellSyntaxException("unterminated $'…' string");
            }
            char e = s.charAt(pos++);
            int control = controlEscape(e);
            if (control >= 0) {
                sb.append((char) control);
                continue;
            }
            switch (e) {
                case '\'': sb.append('\''); break;
                case '"': sb.append('"'); break;
                case '?': sb.append('?'); break;
                case 'c':
                    if (pos < s.length()) {
                        sb.append((char) (s.charAt(pos++) & 0x1f));
                    }
                    break;
                case 'x': sb.append((char) number(16, 2)); break;
                case 'u': sb.appendCodePoint(safeCodePoint(number(16, 4))); break;
                case 'U': sb.appendCodePoint(safeCodePoint(number(16, 8))); break;
                default:
                    if (e >= '0' && e <= '7') {
                        pos--;
                        sb.append((char) (number(8, 3) & 0xff));
                    } else {
                        sb.append('\\').append(e);
                    }
            }
        }
    }

    /** The character of a one-letter backslash escape shared by {@code $'…'}, {@code echo -e} and {@code printf}, or -1. */
    public static int controlEscape(char e) {
        switch (e) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'a': return 7;
            case 'b': return '\b';
            case 'e': case 'E': return 27;
            case 'f': return '\f';
            case 'v': return 11;
            case '\\': return '\\';
            default: return -1;
        }
    }

    private static int safeCodePoint(int cp) {
        return Character.isValidCodePoint(cp) ? cp : 0xFFFD;
    }

    private int number(int radix, int maxDigits) {
        int v = 0;
        int n = 0;
        while (n < maxDigits && pos < s.length() && Character.digit(s.charAt(pos), radix) >= 0) {
            v = v * radix + Character.digit(s.charAt(pos), radix);
            pos++;
            n++;
        }
        return v;
    }

    private void backtick(StringBuilder sb, int depth) {
        pos++;
        StringBuilder inner = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new ShellSyntaxException("unterminated backtick");
            }
            char c = s.charAt(pos);
            if (c == '`') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < s.length() && "$`\\".indexOf(s.charAt(pos + 1)) >= 0) {
                inner.append(s.charAt(pos + 1));
                pos += 2;
            } else {
                inner.append(c);
                pos++;
            }
        }
        checkDepth(depth + 1);
        List<Builder> nested = new ArrayList<>();
        ShellParser p = new ShellParser(inner.toString(), depth + 1, nested);
        p.inArithmeticScan = inArithmeticScan;
        p.run();
        out.addAll(nested);
        sb.append("`…`");
    }

    // ---- lexical helpers ----------------------------------------------------------------------

    private boolean at(String t) {
        return s.startsWith(t, pos);
    }

    private void skipBlanks() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < s.length() && s.charAt(pos + 1) == '\n') {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private void skipBlanksAndNewlines() {
        while (true) {
            skipBlanks();
            if (pos < s.length() && s.charAt(pos) == '\n') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
        }
    }
}
