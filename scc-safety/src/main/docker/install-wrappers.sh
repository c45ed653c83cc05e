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
# - likewise for the programs the org's command rules usually name (terraform tofu pulumi kubectl helm aws
#   gcloud az, plus SCC_WRAP_PROGRAMS, space-separated: `scc image build` sets it to the programs the org's and
#   team's command rules name, dev.scc.safety.rules.WrappedPrograms) when the image has them: the evaluator then
#   judges their exact argv at exec time with the org's rules (issue 15), and an approval is used there, once; a
#   program that is a relative symlink keeps working from REAL_DIR (the copy there points at the absolute target);
# - in git's exec path (git --exec-path, /usr/lib/git-core on Debian) replaces the copy of git that the
#   builtin dashed commands (git-push, git-upload-pack, ... symlinks to it) and every child git starts
#   (aliases with !, rebase -x, hooks, editors, submodule foreach, ... find the exec path first on PATH)
#   reach, with the wrapper: so the commands git runs itself meet the wrapper too. Symlinks to that copy
#   become links to the wrapper (it runs them as "git <name>"); scripts there are left alone;
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

# Program names only (no path, no glob): anything else in SCC_WRAP_PROGRAMS stops the build.
for extra in ${SCC_WRAP_PROGRAMS:-}; do
  case "$extra" in
    *[!A-Za-z0-9._+-]*|.*|'') echo "install-wrappers.sh: SCC_WRAP_PROGRAMS: '$extra' is not a program name" >&2; exit 1 ;;
  esac
done
for tool in git curl wget ssh scp sftp rsync terraform tofu pulumi kubectl helm aws gcloud az ${SCC_WRAP_PROGRAMS:-}; do
  for dir in /usr/bin /bin /usr/local/bin; do
    path="$root$dir/$tool"
    [ -e "$path" ] || [ -L "$path" ] || continue
    if [ -L "$path" ] && [ "$(readlink "$path")" = "$lib/scc-wrapper" ]; then
      continue # already wrapped (also reached here through a merged-/usr /bin symlink)
    fi
    if [ ! -e "$root$real_dir/$tool" ] && [ -L "$path" ]; then
      # a symlink (Debian's psql -> ../share/postgresql-common/pg_wrapper): its relative target would dangle
      # from REAL_DIR, so the copy there points at the absolute target instead
      target=$(readlink "$path")
      case "$target" in /*) ;; *) target="$dir/$target" ;; esac
      ln -s "$target" "$root$real_dir/$tool"
      rm -f "$path"
    elif [ ! -e "$root$real_dir/$tool" ]; then
      mv "$path" "$root$real_dir/$tool"
    else
      rm -f "$path"
    fi
    ln -s "$lib/scc-wrapper" "$path"
    echo "wrapped $dir/$tool (real binary: $real_dir/$tool)"
  done
done

# git's exec path: the git binary copy there and every builtin linked to it
exec_path=${GIT_EXEC_DIR:-/usr/lib/git-core}
if [ -d "$root$exec_path" ]; then
  core="$root$exec_path/git"
  if [ -e "$core" ] && ! { [ -L "$core" ] && [ "$(readlink "$core")" = "$lib/scc-wrapper" ]; }; then
    [ -e "$root$real_dir/git" ] || cp -p "$core" "$root$real_dir/git"
    for link in "$root$exec_path"/git-*; do
      [ -L "$link" ] || continue
      target=$(readlink "$link")
      if [ "$target" = git ] || [ "$target" = "$exec_path/git" ] || [ "$target" = ../../bin/git ] || [ "$target" = /usr/bin/git ]; then
        ln -sfn "$lib/scc-wrapper" "$link"
      fi
    done
    for file in "$root$exec_path"/git-*; do
      # hard links of the git binary (other distributions): same file as the copy
      if [ -f "$file" ] && [ ! -L "$file" ] && [ "$file" -ef "$core" ]; then
        rm -f "$file" && ln -s "$lib/scc-wrapper" "$file"
      fi
    done
    rm -f "$core"
    ln -s "$lib/scc-wrapper" "$core"
    echo "wrapped $exec_path/git and its builtins (real binary: $real_dir/git)"
  fi
fi
install -d -o root -g root -m 0755 "$root$(dirname "$socket")"
