/*
 * scc-wrapper: the tiny client installed in place of git, curl, wget, ssh, scp, sftp and rsync (and as
 * scc-hook for the Claude/Codex PreToolUse hooks). It sends the exact argv and the working directory to
 * the resident SCC safety evaluator over a UNIX socket and obeys its verdict: allowed -> exec the real
 * binary; blocked -> print the reason and exit 126. If the evaluator cannot be reached or answers
 * nonsense, the command is blocked (fail closed).
 *
 * Configuration never comes from the environment (the agent controls it). Defaults are compiled in;
 * a file "scc-wrapper.conf" next to the resolved executable (a root-owned directory in the image) may
 * override them with lines "socket=PATH" and "real_dir=DIR". It is ignored unless it is a regular file
 * that neither group nor others may write.
 *
 * A git subcommand that is not one of git's own commands may be an alias from any config file: the
 * evaluator then asks (answer code 100) for "git <globals> config --get alias.NAME" to be run with the
 * real git as this user, and judges the expansion. ssh's host aliases and proxies likewise: "ssh -G ..." with
 * the real ssh (code 100 for ssh, 101 for scp and sftp, whose query is run with the real ssh they would start).
 *
 * Entry points: installed as git, git's builtin dashed commands in its exec path (git-push, git-upload-pack, ...:
 * judged and run as "git push ..."), curl, wget, ssh, scp, sftp, rsync. Besides argv and cwd it sends the
 * environment variables that change what a guarded tool does (GIT_CONFIG_*, proxies, GIT_SSH*, RSYNC_*, ...).
 * What it runs is what was judged: curl starts with -q (no curlrc), wget with --no-config (no wgetrc), git with
 * -c help.autocorrect=0 (a typo is never run as the command it resembles).
 *
 * Protocol: see dev.scc.safety.evaluator.EvaluatorServer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef SCC_SOCKET
#define SCC_SOCKET "/run/scc/safety.sock"
#endif
#ifndef SCC_REAL_DIR
#define SCC_REAL_DIR "/usr/lib/scc/real"
#endif
#define BLOCKED 126
#define RESOLVE_ALIAS 100
#define RESOLVE_WITH_SSH 101
#define MAX_REQ (2 * 1024 * 1024)
#define MAX_RESP (1024 * 1024)
#define TIMEOUT_SEC 10

static char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)] = SCC_SOCKET;
static char real_dir[PATH_MAX] = SCC_REAL_DIR;

struct buf {
    char *p;
    size_t n, cap;
};

static int put(struct buf *b, const char *s, size_t n) {
    if (b->n + n + 1 > MAX_REQ) return -1;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n++] = '\0';
    return 0;
}

static void load_conf(void) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return;
    *slash = '\0';
    char conf[PATH_MAX];
    if (snprintf(conf, sizeof conf, "%s/scc-wrapper.conf", exe) >= (int)sizeof conf) return;
    struct stat st;
    if (lstat(conf, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & (S_IWGRP | S_IWOTH))) return;
    FILE *f = fopen(conf, "r");
    if (!f) return;
    char line[PATH_MAX + 32];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "socket=", 7) == 0 && strlen(line + 7) < sizeof sock_path) {
            strcpy(sock_path, line + 7);
        } else if (strncmp(line, "real_dir=", 9) == 0 && strlen(line + 9) < sizeof real_dir) {
            strcpy(real_dir, line + 9);
        }
    }
    fclose(f);
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/*
 * Sends the request, reads the answer into resp; returns its length or -1 (errno-ish text in err). The answer is
 * exactly three NUL-terminated fields, so reading stops at the third NUL instead of waiting for the evaluator to
 * close the connection (anything after it would be a malformed answer and is not read).
 */
static ssize_t ask(const struct buf *req, char *resp, size_t cap, const char **err) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { *err = strerror(errno); return -1; }
    struct timeval tv = {TIMEOUT_SEC, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, sock_path, strnlen(sock_path, sizeof addr.sun_path - 1));
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { *err = strerror(errno); close(fd); return -1; }
    if (write_all(fd, req->p, req->n) != 0) { *err = strerror(errno); close(fd); return -1; }
    shutdown(fd, SHUT_WR);
    size_t got = 0;
    int nuls = 0;
    while (nuls < 3) {
        if (got >= cap) { *err = "answer too large"; close(fd); return -1; }
        ssize_t r = read(fd, resp + got, cap - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            *err = errno == EAGAIN ? "timed out" : strerror(errno);
            close(fd);
            return -1;
        }
        if (r == 0) break;
        for (size_t i = got; i < got + (size_t)r; i++) nuls += resp[i] == '\0';
        got += (size_t)r;
    }
    close(fd);
    return (ssize_t)got;
}

/* Asks the evaluator; on success fills f[0..2] (code, stdout, stderr) and *code. Prints the block reason itself. */
static int exchange(const struct buf *req, char *resp, size_t cap, char **f, long *code, const char *what) {
    const char *err = "";
    ssize_t n = ask(req, resp, cap, &err);
    int nf = 0;
    if (n > 0) {
        size_t start = 0;
        for (size_t i = 0; i < (size_t)n && nf < 3; i++) {
            if (resp[i] == '\0') { f[nf++] = resp + start; start = i + 1; }
        }
    }
    if (n <= 0 || nf != 3) {
        fprintf(stderr, "SCC safety: the safety evaluator at %s is not reachable (%s); %s is blocked.\n", sock_path,
                n < 0 ? err : "no valid answer", what);
        return -1;
    }
    char *end;
    *code = strtol(f[0], &end, 10);
    if (*f[0] == '\0' || *end != '\0' || *code < 0 || *code > 255) {
        fprintf(stderr, "SCC safety: the safety evaluator gave a malformed answer; %s is blocked.\n", what);
        return -1;
    }
    return 0;
}

/* Runs the real tool with the newline-separated args in spec; captures stdout into out. Returns the exit status (255 on failure). */
static int run_query(const char *tool, char *spec, char *out, size_t cap) {
    char *args[256];
    char real[PATH_MAX];
    int n = 0;
    out[0] = '\0';
    if (snprintf(real, sizeof real, "%s/%s", real_dir, tool) >= (int)sizeof real) return 255;
    args[n++] = (char *)tool;
    for (char *p = spec; p && n < 255;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        args[n++] = p;
        p = nl ? nl + 1 : NULL;
    }
    args[n] = NULL;
    int fds[2];
    if (pipe(fds) != 0) return 255;
    pid_t pid = fork();
    if (pid < 0) return 255;
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, 0);
        dup2(devnull, 2);
        dup2(fds[1], 1);
        close(fds[0]);
        execv(real, args);
        _exit(255);
    }
    close(fds[1]);
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fds[0], out + got, cap - 1 - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
        if (got >= cap - 1) break;
    }
    out[got] = '\0';
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (got >= cap - 1) return 255;
    if (memchr(out, '\0', got)) return 255;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

static const char *base(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

extern char **environ;

/* Whether an environment variable changes what a guarded tool does (the evaluator judges with it). */
static int relevant_env(const char *kv) {
    static const char *prefixes[] = {"GIT_CONFIG", "GIT_SSH", "GIT_PROXY", "GIT_EXEC_PATH=", "GIT_ALLOW_PROTOCOL=",
                                     "GIT_EDITOR=", "GIT_SEQUENCE_EDITOR=", "GIT_PAGER=", "GIT_ASKPASS=", "GIT_EXTERNAL_DIFF=",
                                     "RSYNC_", "CURL_HOME=", "WGETRC=", "SYSTEM_WGETRC=", "SSH_ASKPASS", NULL};
    for (int i = 0; prefixes[i]; i++) {
        if (strncmp(kv, prefixes[i], strlen(prefixes[i])) == 0) return 1;
    }
    const char *eq = strchr(kv, '=');
    if (!eq || eq - kv < 6) return 0;
    return strncasecmp(eq - 6, "_proxy", 6) == 0;
}

/* Appends "env:N" and the N relevant NAME=value fields. */
static int put_env(struct buf *b) {
    int n = 0;
    for (char **e = environ; *e; e++) n += relevant_env(*e);
    char head[32];
    snprintf(head, sizeof head, "env:%d", n);
    if (put(b, head, strlen(head))) return -1;
    for (char **e = environ; *e; e++) {
        if (relevant_env(*e) && put(b, *e, strlen(*e))) return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *tool = argc > 0 ? base(argv[0]) : "";
    int hook = strcmp(tool, "scc-hook") == 0;
    /* git's builtins in its exec path (git-push -> git): judged and run as "git push ..." */
    const char *dashed = NULL;
    if (strncmp(tool, "git-", 4) == 0 && tool[4]) {
        dashed = tool + 4;
        tool = "git";
    }
    if (!*tool || strcmp(tool, "scc-wrapper") == 0) {
        fprintf(stderr, "scc-wrapper: install me under a tool's name (git, curl, ...) or as scc-hook\n");
        return 2;
    }
    load_conf();
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) cwd[0] = '\0';

    struct buf req = {0};
    int bad = put(&req, "SCC1", 4) || put(&req, hook ? "hook" : "exec", 4) || put(&req, cwd, strlen(cwd));
    if (hook) {
        const char *provider = argc > 1 ? argv[1] : "";
        bad = bad || put(&req, provider, strlen(provider));
        struct buf in = {0};
        in.cap = 65536;
        in.p = malloc(in.cap);
        if (!in.p) bad = 1;
        for (;;) {
            if (bad) break;
            if (in.n + 4096 > in.cap) {
                if (in.cap >= MAX_REQ) { bad = 1; break; }
                in.cap *= 2;
                char *q = realloc(in.p, in.cap);
                if (!q) { bad = 1; break; }
                in.p = q;
            }
            ssize_t r = read(0, in.p + in.n, in.cap - in.n);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            in.n += (size_t)r;
        }
        bad = bad || memchr(in.p, '\0', in.n) != NULL || put(&req, in.p, in.n);
    } else {
        bad = bad || put_env(&req) || put(&req, tool, strlen(tool)) || (dashed && put(&req, dashed, strlen(dashed)));
        for (int i = 1; i < argc && !bad; i++) bad = put(&req, argv[i], strlen(argv[i]));
    }
    if (bad) {
        fprintf(stderr, "SCC safety: the command is too large or unreadable to check; %s is blocked.\n", hook ? "the tool call" : tool);
        return hook ? 2 : BLOCKED;
    }

    static char resp[MAX_RESP];
    char *f[3];
    long code;
    if (exchange(&req, resp, sizeof resp, f, &code, hook ? "the tool call" : tool) != 0) return hook ? 2 : BLOCKED;
    if (!hook && (code == RESOLVE_ALIAS || code == RESOLVE_WITH_SSH)) {
        /* git alias or ssh -G: resolve it with the real git/ssh (scp and sftp: the ssh they start), as this user,
           then ask again with the answer */
        char value[65536];
        int status = run_query(code == RESOLVE_WITH_SSH ? "ssh" : tool, f[1], value, sizeof value);
        char st[16];
        snprintf(st, sizeof st, "%d", status);
        struct buf req2 = {0};
        int bad2 = put(&req2, "SCC1", 4) || put(&req2, "exec-alias", 10) || put(&req2, cwd, strlen(cwd)) ||
                   put(&req2, st, strlen(st)) || put(&req2, value, strlen(value)) || put_env(&req2) ||
                   put(&req2, tool, strlen(tool)) || (dashed && put(&req2, dashed, strlen(dashed)));
        for (int i = 1; i < argc && !bad2; i++) bad2 = put(&req2, argv[i], strlen(argv[i]));
        if (bad2) {
            fprintf(stderr, "SCC safety: the command is too large to check; %s is blocked.\n", tool);
            return BLOCKED;
        }
        if (exchange(&req2, resp, sizeof resp, f, &code, tool) != 0) return BLOCKED;
        if (code == RESOLVE_ALIAS || code == RESOLVE_WITH_SSH) {
            fprintf(stderr, "SCC safety: the git alias or ssh configuration could not be resolved; %s is blocked.\n", tool);
            return BLOCKED;
        }
    }
    if (*f[1]) write_all(1, f[1], strlen(f[1]));
    if (*f[2]) write_all(2, f[2], strlen(f[2]));
    if (hook || code != 0) return (int)code;

    char real[PATH_MAX];
    if (snprintf(real, sizeof real, "%s/%s", real_dir, tool) >= (int)sizeof real) {
        fprintf(stderr, "SCC safety: path of the real %s is too long\n", tool);
        return 127;
    }
    /* run exactly what was judged: no rc files, no autocorrected typos; dashed builtins as "git <name>" */
    const char *pre[3] = {NULL, NULL, NULL};
    if (strcmp(tool, "curl") == 0) {
        pre[0] = "-q";
    } else if (strcmp(tool, "wget") == 0) {
        pre[0] = "--no-config";
    } else if (strcmp(tool, "git") == 0) {
        pre[0] = "-c";
        pre[1] = "help.autocorrect=0";
        pre[2] = dashed;
    }
    char **args = calloc((size_t)argc + 5, sizeof *args);
    if (!args) return 127;
    int n = 0;
    args[n++] = dashed ? (char *)"git" : argv[0];
    for (int i = 0; i < 3; i++) if (pre[i]) args[n++] = (char *)pre[i];
    for (int i = 1; i < argc; i++) args[n++] = argv[i];
    args[n] = NULL;
    execv(real, args);
    fprintf(stderr, "SCC safety: cannot run the real %s at %s: %s\n", tool, real, strerror(errno));
    return 127;
}
