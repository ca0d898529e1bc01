#!/usr/bin/env bash
# The packaging check (CTest label `package`): build the .deb, inspect it, install it on
# this machine, run the installed programs, then remove it again.
#   packaging/check-package.sh BUILD_DIR
# Exit 0 pass, 1 fail, 77 skipped (the package was built and inspected, but installing
# needs root or passwordless sudo, or deepmapper-studio is already installed here and the
# check will not replace it). The package never stays installed after a failure.
# Tools: cmake/cpack, dpkg-dev (dpkg-shlibdeps), librsvg2-bin; used when present:
# lintian, desktop-file-utils, appstream, libxml2-utils, man-db.
set -euo pipefail

build=$(cd "${1:?usage: check-package.sh BUILD_DIR}" && pwd)
pkg=deepmapper-studio
app_id=org.deepmapper.studio
cpack=${CPACK:-cpack}
failures=0

step() { printf '\n== %s\n' "$*"; }
ok() { printf '  ok    %s\n' "$*"; }
bad() { printf '  FAIL  %s\n' "$*"; failures=$((failures + 1)); }
die() { printf 'check-package: FAIL: %s\n' "$*" >&2; exit 1; }
has() { command -v "$1" >/dev/null 2>&1; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

tmp=$(mktemp -d)
installed_by_us=0
SUDO=""
cleanup() {
    if ((installed_by_us)); then
        echo "check-package: removing $pkg after a failure"
        $SUDO dpkg -r "$pkg" >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

[[ -f "$build/CMakeCache.txt" ]] || die "$build is not a configured build folder (no CMakeCache.txt)"
[[ "$(cache DM_BUILD_GUI)" != OFF ]] || die "the package holds deepmapper-studio: configure with -DDM_BUILD_GUI=ON"
has dpkg-deb || die "dpkg-deb not found (Debian package dpkg)"
has dpkg-shlibdeps || die "dpkg-shlibdeps not found: install dpkg-dev (it computes the package's library dependencies)"
[[ -n "$(cache RSVG_CONVERT | grep -v NOTFOUND)" ]] ||
    die "rsvg-convert was not found when $build was configured: install librsvg2-bin, then rerun cmake"
[[ -f "$build/CPackConfig.cmake" ]] || die "$build has no CPackConfig.cmake: is packaging/ added to the build?"
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[[ -n "$version" ]] || die "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"
arch=$(dpkg --print-architecture)

step "build the executables and the generated files"
cmake --build "$build" --target deepmapper deepmapper-engine deepmapper-studio deepmapper-reader dm_package_files

step "cpack -G DEB"
out=$build/package
rm -rf "$out"
(cd "$build" && "$cpack" -G DEB -B "$out")
deb=$out/${pkg}_${version}_${arch}.deb
[[ -f "$deb" ]] || die "cpack did not write $deb (found: $(ls "$out"/*.deb 2>/dev/null))"
printf '  %s: %s bytes\n' "$(basename "$deb")" "$(stat -c %s "$deb")"

step "inspect: dpkg-deb --info"
dpkg-deb --info "$deb" | tee "$tmp/info"
field() { dpkg-deb --field "$deb" "$1"; }
[[ "$(field Package)" == "$pkg" ]] && ok "Package $pkg" || bad "Package is '$(field Package)'"
[[ "$(field Version)" == "$version" ]] && ok "Version $version (project version)" || bad "Version is '$(field Version)', project says $version"
depends=$(field Depends)
for dep in libtorch1.13 libqt6widgets6 libqt6svg6 libhdf5-103-1 libqcustomplot2.1-qt6 libxlsxwriter libopenblas0-openmp liblzf1; do
    [[ "$depends" == *"$dep"* ]] && ok "Depends names $dep" || bad "Depends lacks $dep"
done

step "inspect: dpkg-deb --contents"
dpkg-deb --contents "$deb" | tee "$tmp/contents"
expect=(
    /usr/bin/deepmapper /usr/bin/deepmapper-studio
    /usr/libexec/deepmapper-studio/deepmapper-reader /usr/libexec/deepmapper-studio/deepmapper-engine
    /usr/share/applications/$app_id.desktop
    /usr/share/metainfo/$app_id.metainfo.xml
    /usr/share/mime/packages/$pkg.xml
    /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    /usr/share/man/man1/deepmapper.1.gz /usr/share/man/man1/deepmapper-studio.1.gz
    /usr/share/doc/$pkg/copyright /usr/share/doc/$pkg/changelog.gz
)
for size in 16 22 24 32 48 64 128 256; do expect+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"); done
for f in "${expect[@]}"; do
    grep -q " \.$f\$" "$tmp/contents" && ok "$f" || bad "$f missing from the package"
done

step "inspect: the files themselves"
dpkg-deb -x "$deb" "$tmp/root"
if has desktop-file-validate; then
    desktop-file-validate "$tmp/root/usr/share/applications/$app_id.desktop" && ok "desktop-file-validate" || bad "desktop-file-validate"
else echo "  skip  desktop-file-validate (desktop-file-utils not installed)"; fi
grep -q '^Exec=deepmapper-studio %F$' "$tmp/root/usr/share/applications/$app_id.desktop" &&
    ok "desktop entry runs deepmapper-studio %F" || bad "desktop entry Exec line"
if has appstreamcli; then
    appstreamcli validate --no-net "$tmp/root/usr/share/metainfo/$app_id.metainfo.xml" && ok "appstreamcli validate" || bad "appstreamcli validate"
else echo "  skip  appstreamcli validate (appstream not installed)"; fi
if has xmllint; then
    xmllint --noout "$tmp/root/usr/share/mime/packages/$pkg.xml" && ok "MIME XML well-formed" || bad "MIME XML"
else echo "  skip  xmllint (libxml2-utils not installed)"; fi
if has man; then
    for page in deepmapper deepmapper-studio; do
        warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$tmp/root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
        [[ -z "$warnings" ]] && ok "man page $page(1) formats without warnings" || bad "man $page(1): $warnings"
    done
else echo "  skip  man page formatting (man-db not installed)"; fi
[[ -z "$(find "$tmp/root" -name '*.so*')" ]] && ok "no shared libraries of our own (dmdata/dmcore/dmui are static)" ||
    echo "  note  the package holds shared libraries: $(cd "$tmp/root" && find . -name '*.so*')"

if has lintian; then
    step "lintian (fails on errors and warnings; info tags are explained in packaging/README.md)"
    set +e
    lintian --info --display-info --fail-on error,warning "$deb" >"$tmp/lintian.txt" 2>&1
    rc=$?
    set -e
    grep -v 'running with root privileges' "$tmp/lintian.txt" || true  # expected on CI
    ((rc == 0)) && ok "lintian: no errors or warnings" || bad "lintian reported errors or warnings (exit $rc)"
else
    echo "  skip  lintian (not installed)"
fi

((failures == 0)) || die "$failures inspection check(s) failed; the package was not installed"

step "install"
if [[ $(id -u) -ne 0 ]]; then
    if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        echo "check-package: SKIP install: needs root or passwordless sudo (the .deb was built and inspected)"
        exit 77
    fi
fi
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    echo "check-package: SKIP install: $pkg is already installed here and this check would replace it"
    echo "  remove it first (sudo apt-get remove $pkg) to run the install steps"
    exit 77
fi
installed_by_us=1
# apt-get (what users run) resolves Depends; the runtime libraries are already present
# wherever the project builds, so no download is needed.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -q -y --no-install-recommends "$deb"
dpkg-query -W -f='${Status}\n' "$pkg" | grep -q 'ok installed' && ok "dpkg says installed" || die "dpkg does not list $pkg as installed"

step "run the installed programs"
v=$(/usr/bin/deepmapper --version) || die "/usr/bin/deepmapper --version failed"
echo "$v"
[[ "$v" == "deepmapper $version "* ]] && ok "deepmapper --version reports $version" || bad "deepmapper --version"

# A small demo keeps the check quick; it exercises loading LibTorch, training,
# attribution and writing the results from the installed binary.
if (cd "$tmp" && /usr/bin/deepmapper demo --out "$tmp/demo" --cells 300 --genes 400 --passes 2 --epochs 3 \
        --threads 2 --quiet >"$tmp/demo.txt" 2>"$tmp/demo.err"); then
    ok "deepmapper demo exit 0"
else
    bad "deepmapper demo exit $?: $(cat "$tmp/demo.err")"
fi
cat "$tmp/demo.txt"
[[ -s "$tmp/demo.txt" ]] && ok "demo printed a summary" || bad "demo printed nothing"
if [[ -d "$tmp/demo" ]]; then
    echo "  demo wrote: $(cd "$tmp/demo" && ls | tr '\n' ' ')"
    [[ -n "$(find "$tmp/demo" -type f -size +0)" ]] && ok "demo wrote non-empty files" || bad "demo output folder is empty"
fi

# HDF5 inputs go through the installed helper (/usr/libexec/deepmapper-studio/deepmapper-reader);
# an LZF-compressed anndata 0.7 file also needs liblzf1 (found by dpkg-shlibdeps).
lzf_file=${DM_SHARED_DIR:-$(dirname "$0")/../../shared}/data/h5ad/anndata_archive_v0.7.0.h5ad
if [[ -f "$lzf_file" ]]; then
    if env -u DM_READER /usr/bin/deepmapper inspect "$lzf_file" >"$tmp/inspect.txt" 2>"$tmp/inspect.err"; then
        ok "deepmapper inspect reads an LZF .h5ad through the installed deepmapper-reader"
    else
        bad "deepmapper inspect $lzf_file: $(cat "$tmp/inspect.err")"
    fi
else
    echo "  skip  inspect of an LZF .h5ad (no shared folder)"
fi

v=$(QT_QPA_PLATFORM=offscreen /usr/bin/deepmapper-studio --version 2>"$tmp/studio.err") ||
    bad "deepmapper-studio --version failed: $(cat "$tmp/studio.err")"
echo "$v"
[[ "$v" == "deepmapper-studio $version "* ]] && ok "deepmapper-studio --version reports $version (offscreen)" ||
    bad "deepmapper-studio --version"

step "desktop integration after install"
if has desktop-file-validate; then
    desktop-file-validate "/usr/share/applications/$app_id.desktop" && ok "installed desktop entry valid" || bad "installed desktop entry"
fi
if has appstreamcli; then
    appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null && ok "installed metainfo valid" ||
        bad "installed metainfo"
fi
# shared-mime-info's dpkg trigger compiles the MIME XML into the database.
if [[ -f /usr/share/mime/application/x-deepmapper-run.xml ]]; then ok "MIME database knows application/x-deepmapper-run"
else bad "MIME database lacks application/x-deepmapper-run (shared-mime-info trigger)"; fi
if has update-desktop-database; then  # desktop-file-utils' trigger maps MIME types to the entry
    grep -q "application/x-deepmapper-run=.*$app_id.desktop" /usr/share/applications/mimeinfo.cache &&
        ok "mimeinfo.cache opens saved runs with $app_id.desktop" || bad "mimeinfo.cache lacks the saved-run type"
fi
if has man; then
    [[ "$(man -w deepmapper 2>/dev/null)" == /usr/share/man/man1/deepmapper.1.gz ]] && ok "man deepmapper finds the page" ||
        bad "man -w deepmapper"
fi

step "remove"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -q -y "$pkg"
installed_by_us=0
[[ ! -e /usr/bin/deepmapper && ! -e /usr/bin/deepmapper-studio ]] && ok "/usr/bin/deepmapper and deepmapper-studio are gone" ||
    bad "executables left behind after removal"
left=0
while read -r f; do [[ -e "$f" ]] && { echo "  left: $f"; left=1; }; done < <(awk '!/\/$/ {sub(/^\./, "", $6); print $6}' "$tmp/contents")
((left == 0)) && ok "every file of the package is gone" || bad "files left behind after removal"
dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' && bad "dpkg still lists $pkg" || ok "dpkg no longer lists $pkg"

((failures == 0)) || die "$failures check(s) failed"
printf '\ncheck-package: PASS (%s, %s bytes)\n' "$(basename "$deb")" "$(stat -c %s "$deb")"
