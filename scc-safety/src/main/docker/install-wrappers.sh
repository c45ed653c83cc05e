#!/bin/sh
# Installs the SCC safety wrappers in an image. Run as root during the image build, after git, curl,
# wget, openssh-client and rsync are installed:
#
#   install-wrappers.sh /path/to/scc-wrapper [SOCKET] [REAL_DIR]
#
# - copies the static client to /usr/lib/scc/bin/scc-wrapper (root-owned, 0755) and links
#   /usr/lib/scc/bin/scc-hook to it (the PreToolUse hook client: `scc-hook claude|codex`);
# - for each of git curl wget ssh scp sftp rsync at /usr/bin, /bin or /usr/local/bin: moves the real
#   binary to REAL_DIR (default /usr/lib/scc/real) and puts a link to the wrapper at the original path,
#   so /usr/bin/git reaches the wrapper too (a merged-/usr /bin symlink is handled once);
# - writes /usr/lib/scc/bin/scc-wrapper.conf only when SOCKET or REAL_DIR differ from the compiled-in
#   defaults (/run/scc/safety.sock, /usr/lib/scc/real);
# - creates the socket's directory (the container start gives it to the evaluator's user).
# Idempotent: a tool already wrapped is left as it is. DESTDIR (optional) installs into a staging root.
set -eu
src=${1:?usage: install-wrappers.sh /path/to/scc-wrapper [SOCKET] [REAL_DIR]}
socket=${2:-/run/scc/safety.sock}
real_dir=${3:-/usr/lib/scc/real}
lib=/usr/lib/scc/bin
root=${DESTDIR:-}

[ "$(id -u)" = 0 ] || { echo "install-wrappers.sh: must run as root" >&2; exit 1; }
install -d -o root -g root -m 0755 "$root$lib" "$root$real_dir"
install -o root -g root -m 0755 "$src" "$root$lib/scc-wrapper"
ln -sfn scc-wrapper "$root$lib/scc-hook"
if [ "$socket" != /run/scc/safety.sock ] || [ "$real_dir" != /usr/lib/scc/real ]; then
  printf 'socket=%s\nreal_dir=%s\n' "$socket" "$real_dir" > "$root$lib/scc-wrapper.conf"
  chown root:root "$root$lib/scc-wrapper.conf"
  chmod 0644 "$root$lib/scc-wrapper.conf"
fi

for tool in git curl wget ssh scp sftp rsync; do
  for dir in /usr/bin /bin /usr/local/bin; do
    path="$root$dir/$tool"
    [ -e "$path" ] || [ -L "$path" ] || continue
    if [ -L "$path" ] && [ "$(readlink "$path")" = "$lib/scc-wrapper" ]; then
      continue # already wrapped (also reached here through a merged-/usr /bin symlink)
    fi
    if [ ! -e "$root$real_dir/$tool" ]; then
      mv "$path" "$root$real_dir/$tool"
    else
      rm -f "$path"
    fi
    ln -s "$lib/scc-wrapper" "$path"
    echo "wrapped $dir/$tool (real binary: $real_dir/$tool)"
  done
done
install -d -o root -g root -m 0755 "$root$(dirname "$socket")"
