#!/bin/sh
# deps.sh PKG_CONFIG "PC_MODULES" "DEBIAN_PACKAGES"
#
# Checks the pkg-config modules (and the commands named as cmd:NAME) the
# build needs.  When something is missing it installs the Debian packages
# with apt-get, as root or through sudo, and says so; when it cannot, it
# stops with the exact command to run.
pc=$1 mods=$2 debs=$3
missing=
command -v "$pc" >/dev/null 2>&1 || missing="pkg-config"
if [ -z "$missing" ]; then
	for m in $mods; do
		"$pc" --exists "$m" 2>/dev/null || missing="$missing $m"
	done
fi
case " $debs " in *" gettext "*) command -v msgfmt >/dev/null 2>&1 || missing="$missing msgfmt";; esac
case " $debs " in *" sqlite3 "*) command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3";; esac
case " $debs " in *" valgrind "*) command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind";; esac
case " $debs " in *" git "*) command -v git >/dev/null 2>&1 || missing="$missing git";; esac
case " $debs " in *" chromium "*) command -v chromium >/dev/null 2>&1 || missing="$missing chromium";; esac
case " $debs " in *" python3 "*) command -v python3 >/dev/null 2>&1 || missing="$missing python3";; esac
case " $debs " in *" man-db "*) command -v man >/dev/null 2>&1 || missing="$missing man";; esac
case " $debs " in *" python3-jsonschema "*) python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$missing python3-jsonschema";; esac
case " $debs " in *" dpkg-dev "*) command -v dpkg-shlibdeps >/dev/null 2>&1 || missing="$missing dpkg-shlibdeps";; esac
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends $debs"
echo "gongkai: missing:$missing; installing Debian packages: $debs" >&2
if [ "$(id -u)" = 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=sudo
else
	echo "gongkai: cannot install as $(id -un); run:  sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo $cmd -qq; } >&2; then
	echo "gongkai: installing failed; run:  sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
