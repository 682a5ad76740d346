#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs Gleaner's build and test dependencies from Debian 12's packages (as root, or via
# sudo), then configures and builds the project in ./build.
set -eu

cd "$(dirname "$0")/.."

PACKAGES="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsqlite3-dev libxml2-dev libportal-dev libportal-gtk4-dev
  desktop-file-utils appstream appstream-util
  xvfb xauth dbus dbus-x11 tzdata faketime python3
  at-spi2-core python3-pyatspi python3-dogtail metacity
"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

if [ -f build/build.ninja ]; then
  meson setup --reconfigure build
else
  meson setup build
fi
meson compile -C build
