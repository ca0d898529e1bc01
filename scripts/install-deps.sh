#!/usr/bin/env bash
# Installs exactly the Debian packages DeepMapper Studio needs, and nothing when they
# are all present. Idempotent: `apt-get update` runs only when something is missing.
#   scripts/install-deps.sh           build + run (GUI, CLI, demo)
#   scripts/install-deps.sh --test    also what the test suite needs (Xvfb, anndata, a single-node Slurm,
#                                     clang + libFuzzer for the sanitized step of CI)
#   scripts/install-deps.sh --fuzz    also clang + libFuzzer (tests/fuzz/build-fuzzers.sh)
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev libqt6svg6-dev libgl-dev
  libtorch-dev libopenblas0-openmp
  libhdf5-dev liblzf-dev zlib1g-dev libeigen3-dev
  libqcustomplot-dev
  nlohmann-json3-dev libxlsxwriter-dev libcli11-dev librsvg2-bin
)
test_pkgs=(
  xvfb xauth python3-anndata python3-h5py python3-numpy
  hisat2 salmon spades
  slurmctld slurmd munge
  lintian desktop-file-utils appstream libxml2-utils man-db dpkg-dev
)

fuzz_pkgs=(clang-14 libclang-rt-14-dev)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${test_pkgs[@]}" "${fuzz_pkgs[@]}"); fi
if [[ "${1:-}" == "--fuzz" ]]; then want+=("${fuzz_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
