#!/usr/bin/env bash
# Runs a command inside a Debian root file system of another Wireshark series, with this source
# tree at /src. As root:
#   tools/series.sh SUITE [COMMAND...]     SUITE: trixie (Wireshark 4.4) or sid (4.6)
# The root is made once with mmdebstrap from Debian's archive (the tools' default) under
# $TCPSTATE_ROOTS (default /var/cache/tcpstate/roots) and reused (tools/series-test.sh brings
# its packages up to date). Without a COMMAND it opens a shell.
# Exit status: the command's, or 3 when the root file system cannot be made.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
suite=${1:?usage: tools/series.sh SUITE [COMMAND...]}
shift
roots=${TCPSTATE_ROOTS:-/var/cache/tcpstate/roots}
root=$roots/$suite
# Unstable is served from a snapshot whose Release file may be past its Valid-Until date.
aptopt='Acquire::Check-Valid-Until "false";'

say() { echo "tcpstate[$suite]: $*" >&2; }

if [ ! -e "$root/.tcpstate-root" ]; then
  say "making the root file system in $root"
  rm -rf "$root.new"
  mkdir -p "$roots"
  if ! mmdebstrap --quiet --variant=apt --aptopt="$aptopt" --include=ca-certificates \
    "$suite" "$root.new"; then
    say "mmdebstrap could not make the root file system"
    exit 3
  fi
  echo "APT::Get::Assume-Yes \"true\";" >"$root.new/etc/apt/apt.conf.d/90tcpstate"
  echo "$aptopt" >>"$root.new/etc/apt/apt.conf.d/90tcpstate"
  touch "$root.new/.tcpstate-root"
  rm -rf "$root"
  mv "$root.new" "$root"
fi

mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -R -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { # source target [options]
  mkdir -p "$2"
  mount "${@:3}" --rbind "$1" "$2"
  mount --make-rslave "$2"
  mounts+=("$2")
}
bind /dev "$root/dev"
bind /proc "$root/proc"
bind /sys "$root/sys"
bind "$top" "$root/src"
# The shared corpus beside the source tree (its LTTng traces), read-only, where the tests look.
if [ -d "$top/../shared" ]; then
  bind "$top/../shared" "$root/shared" -o ro
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" TCPSTATE_SERIES="$suite" "$@"
}
if (($#)); then
  in_root "$@"
else
  in_root bash -l
fi
