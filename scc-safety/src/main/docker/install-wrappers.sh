#!/bin/sh
# Installs the SCC safety wrappers in an image. Run as root during the image build, after git, curl,
# wget, openssh-client and rsync are installed:
#
#   install-wrappers.sh /path/to/scc-wrapper [SOCKET] [REAL_DIR]
#
# - copies the static client to /usr/lib/scc/bin/scc-wrapper (root-owned, 0755) and links scc-hook to it;
# - for each of git curl wget ssh scp sftp rsync found on PATH (and its usual /usr/bin path): moves the real
#   binary to REAL_DIR (default /usr/lib/scc/real) and puts a link to the wrapper at the original path,
#   so /usr/bin/git reaches the wrapper too;
# - writes /usr/lib/scc/bin/scc-wrapper.conf with the socket path (default /run/scc/safety.sock) and
#   REAL_DIR when they differ from the compiled-in defaults;
# - creates /run/scc (root:scc-safety 0755 is set at container start by the evaluator's launcher).
# Idempotent: a tool already wrapped is left as it is.
set -eu
src=${1:?usage: install-wrappers.sh /path/to/scc-wrapper [SOCKET] [REAL_DIR]}
socket=${2:-/run/scc/safety.sock}
real_dir=${3:-/usr/lib/scc/real}
lib=/usr/lib/scc/bin

[ "$(id -u)" = 0 ] || { echo "install-wrappers.sh: must run as root" >&2; exit 1; }
install -d -o root -g root -m 0755 "$lib" "$real_dir"
install -o root -g root -m 0755 "$src" "$lib/scc-wrapper"
ln -sfn scc-wrapper "$lib/scc-hook"
if [ "$socket" != /run/scc/safety.sock ] || [ "$real_dir" != /usr/lib/scc/real ]; then
  printf 'socket=%s\nreal_dir=%s\n' "$socket" "$real_dir" > "$lib/scc-wrapper.conf"
  chown root:root "$lib/scc-wrapper.conf"
  chmod 0644 "$lib/scc-wrapper.conf"
fi

for tool in git curl wget ssh scp sftp rsync; do
  for dir in /usr/bin /bin /usr/local/bin; do
    path="$dir/$tool"
    # /bin may be a symlink to /usr/bin (merged /usr): handle each real file once
    [ -e "$path" ] || [ -L "$path" ] || continue
    if [ -L "$path" ] && [ "$(readlink -f "$path")" = "$lib/scc-wrapper" ]; then
      continue
    fi
    if [ ! -e "$real_dir/$tool" ]; then
      mv "$path" "$real_dir/$tool"
    else
      rm -f "$path"
    fi
    ln -s "$lib/scc-wrapper" "$path"
    echo "wrapped $path (real binary: $real_dir/$tool)"
  done
done
install -d -o root -g root -m 0755 "$(dirname "$socket")"
