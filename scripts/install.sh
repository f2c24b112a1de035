#!/bin/sh
# Installs a released claimtrack binary for this machine: downloads its
# archive and checksum, refuses the archive if they differ, and puts the
# binary in DEST (default ~/.local/bin), replacing any there at once.
#
#   scripts/install.sh VERSION [DEST]
#
# Releases are looked for under $CLAIMTRACK_RELEASES, else (in a GitHub
# action) https://github.com/$GITHUB_ACTION_REPOSITORY/releases/download:
# VERSION's archive is vVERSION/claimtrack-vVERSION-TARGET.tar.gz, with
# its SHA-256 beside it (.sha256), as .github/workflows/release.yml makes
# them.
#
# Exit status: 0 installed; 2 bad arguments or no release address; 3 no
# release for this machine; 4 the archive does not match its checksum;
# any other: the download failed (curl's code). Nothing is installed
# unless the exit status is 0.
set -eu

version=${1:-}
if [ -z "$version" ]; then
    echo "usage: install.sh VERSION [DEST]" >&2
    exit 2
fi
version=${version#v}
dest=${2:-"$HOME/.local/bin"}

if [ -n "${CLAIMTRACK_RELEASES:-}" ]; then
    base=$CLAIMTRACK_RELEASES
elif [ -n "${GITHUB_ACTION_REPOSITORY:-}" ]; then
    base="https://github.com/$GITHUB_ACTION_REPOSITORY/releases/download"
else
    echo "install.sh: set CLAIMTRACK_RELEASES to where the releases are" >&2
    exit 2
fi

case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    Darwin-arm64) target=aarch64-apple-darwin ;;
    *)
        echo "install.sh: no release is built for $(uname -s) $(uname -m); use cargo install --locked" >&2
        exit 3
        ;;
esac

name="claimtrack-v$version-$target.tar.gz"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() {
    curl --fail --silent --show-error --location --max-time 300 -o "$2" "$1"
}
fetch "$base/v$version/$name" "$tmp/$name"
fetch "$base/v$version/$name.sha256" "$tmp/$name.sha256"

expected=$(cut -d ' ' -f 1 <"$tmp/$name.sha256")
if command -v sha256sum >/dev/null 2>&1; then
    actual=$(sha256sum "$tmp/$name" | cut -d ' ' -f 1)
else
    actual=$(shasum -a 256 "$tmp/$name" | cut -d ' ' -f 1)
fi
if [ "$expected" != "$actual" ]; then
    echo "install.sh: $name does not match its checksum (expected $expected, got $actual); nothing was installed" >&2
    exit 4
fi

mkdir -p "$tmp/unpacked" "$dest"
tar -xzf "$tmp/$name" -C "$tmp/unpacked" claimtrack
cp "$tmp/unpacked/claimtrack" "$dest/.claimtrack.new"
chmod 0755 "$dest/.claimtrack.new"
mv -f "$dest/.claimtrack.new" "$dest/claimtrack"
echo "installed claimtrack $version ($target) in $dest"
