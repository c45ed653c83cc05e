/*
 * scc-client SOCKET [ARG...]: hands one scc invocation to the resident scc server (dev.scc.cli.server.CliServer)
 * and relays its output and exit code. The wire format is documented in dev.scc.cli.server.Wire.
 *
 * Exits without printing anything when the invocation should run in a JVM of its own instead: 254 when the server
 * answers "not served", 253 when there is no usable server (none listening, or not this user's). The scc launcher
 * then starts that JVM (and, for 253, a server for next time), so the server only ever makes a command faster,
 * never different.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define NOT_SERVED 254
#define NO_SERVER 253
#define TOOL_ERROR 4

extern char **environ;

struct buf {
    char *data;
    size_t len, cap;
};

static void put(struct buf *b, const void *p, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) exit(NO_SERVER);
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_u32(struct buf *b, uint32_t v) {
    unsigned char x[4] = {v >> 24, v >> 16, v >> 8, v};
    put(b, x, 4);
}

static void put_str(struct buf *b, const char *s) {
    size_t n = strlen(s);
    put_u32(b, (uint32_t) n);
    put(b, s, n);
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

/* 1 = read all, 0 = clean end of stream before any byte, -1 = error or short read */
static int read_all(int fd, void *p, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *) p + got, n - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0) return got == 0 ? 0 : -1;
        got += (size_t) r;
    }
    return 1;
}

/* The socket's directory must be a real directory of this user, closed to group and others. */
static int private_dir_of(const char *sock) {
    char dir[PATH_MAX];
    size_t n = strlen(sock);
    if (n == 0 || n >= sizeof dir) return 0;
    memcpy(dir, sock, n + 1);
    char *slash = strrchr(dir, '/');
    if (!slash) return 0;
    if (slash == dir) slash[1] = '\0'; else *slash = '\0';
    struct stat st;
    if (lstat(dir, &st) != 0) return 0;
    return S_ISDIR(st.st_mode) && st.st_uid == getuid() && (st.st_mode & 077) == 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || !private_dir_of(argv[1])) return NO_SERVER;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(argv[1]) >= sizeof addr.sun_path) return NO_SERVER;
    strcpy(addr.sun_path, argv[1]);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) return NO_SERVER;
    /* The environment goes to the server: make sure it is this user's own process. */
    struct ucred cred;
    socklen_t cl = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 || cred.uid != getuid()) return NO_SERVER;
    signal(SIGPIPE, SIG_IGN);

    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return NO_SERVER;
    uint32_t flags = (isatty(0) ? 1u : 0u) | (isatty(1) ? 2u : 0u) | (isatty(2) ? 4u : 0u);
    struct winsize ws;
    uint32_t columns = (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0) ? ws.ws_col : 0;

    struct buf req = {0};
    put(&req, "SCC1R", 5);
    put_u32(&req, flags);
    put_u32(&req, columns);
    put_str(&req, cwd);
    put_u32(&req, (uint32_t) (argc - 2));
    for (int i = 2; i < argc; i++) put_str(&req, argv[i]);
    uint32_t envc = 0;
    for (char **e = environ; *e; e++) envc++;
    put_u32(&req, envc);
    for (char **e = environ; *e; e++) put_str(&req, *e);
    if (write_all(fd, req.data, req.len) != 0) return NO_SERVER;
    free(req.data);

    int wrote = 0;
    char *payload = NULL;
    size_t cap = 0;
    for (;;) {
        unsigned char head[5];
        int r = read_all(fd, head, sizeof head);
        if (r != 1) break;
        uint32_t len = (uint32_t) head[1] << 24 | (uint32_t) head[2] << 16 | (uint32_t) head[3] << 8 | head[4];
        if (len > (4u << 20)) break;
        if (len > cap) {
            char *p = realloc(payload, len);
            if (!p) break;
            payload = p;
            cap = len;
        }
        if (len > 0 && read_all(fd, payload, len) != 1) break;
        switch (head[0]) {
            case 'o':
            case 'e':
                wrote = 1;
                write_all(head[0] == 'o' ? 1 : 2, payload, len);
                break;
            case 'x':
                if (len != 4) goto broken;
                return (int) ((uint32_t) (unsigned char) payload[0] << 24 | (uint32_t) (unsigned char) payload[1] << 16
                        | (uint32_t) (unsigned char) payload[2] << 8 | (unsigned char) payload[3]);
            case 'f':
                if (!wrote) return NOT_SERVED;
                goto broken;
            default:
                goto broken;
        }
    }
broken:
    if (!wrote) return NO_SERVER;
    static const char msg[] = "scc: the resident scc server stopped before the command finished (SCC_SERVER=0 runs without it)\n";
    write_all(2, msg, sizeof msg - 1);
    return TOOL_ERROR;
}
