#!/usr/bin/env bash
# Runs the Blosc shuffle tests and the c-blosc oracle as linux-arm64 code under qemu-user on an x64 machine: there
# Vector128 is AdvSimd, Vector128.ShuffleNative is TBL, Vector256/512 are not accelerated and there is no GFNI, so the
# kernels take paths that no x64 run reaches.
# Usage: eng/test-arm64.sh [results.trx]   (as root: installs qemu-user and the arm64 cross C runtime if missing)
# The exit code is the test runner's: non-zero when a test fails or the emulated process dies.
set -euo pipefail
cd "$(dirname "$0")/.."
trx=${1:-}

sysroot=/usr/aarch64-linux-gnu
if ! command -v qemu-aarch64 >/dev/null || [ ! -e "$sysroot/lib/libstdc++.so.6" ]; then
  echo "== installing qemu-user and the arm64 cross C/C++ runtime"
  apt-get update -qq && apt-get install -y -qq qemu-user libc6-arm64-cross libstdc++6-arm64-cross >/dev/null
fi

# The arm64 builds of c-blosc (with its codecs) and of libssl (the test runner hashes test IDs with SHA-256) come from
# Debian's arm64 packages, unpacked into a folder: apt runs on private lists so the machine's own apt state and
# architectures stay as they are.
libs=artifacts/arm64-libs
if [ ! -e "$libs/root/usr/lib/aarch64-linux-gnu/libblosc.so.1" ]; then
  echo "== downloading Debian's arm64 libblosc1 and libssl3"
  rm -rf "$libs"
  mkdir -p "$libs/lists/partial" "$libs/cache/archives/partial" "$libs/debs"
  apt_arm64=(-qq -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o APT::Sandbox::User=root
    -o Dir::State::Lists="$PWD/$libs/lists" -o Dir::Cache="$PWD/$libs/cache" -o Dir::State::status=/dev/null)
  apt-get "${apt_arm64[@]}" update
  (cd "$libs/debs" && apt-get "${apt_arm64[@]}" download libblosc1 liblz4-1 libsnappy1v5 libzstd1 zlib1g libssl3)
  for package in "$libs"/debs/*.deb; do
    dpkg-deb -x "$package" "$libs/root"
  done
  rm -rf "$libs/lists" "$libs/cache"
fi
library_path=$PWD/$libs/root/usr/lib/aarch64-linux-gnu:$PWD/$libs/root/lib/aarch64-linux-gnu

echo "== publishing Zarr.Buffers.Tests for linux-arm64 (at ${SECONDS} s)"
# The default publish folder is inside the repository, where the tests find their data (tests/data) by looking up
# for ZarrTesting.sln.
dotnet publish tests/Zarr.Buffers.Tests -c Release -r linux-arm64 --self-contained -v quiet -nologo
tests=tests/Zarr.Buffers.Tests/bin/Release/net10.0/linux-arm64/publish/Zarr.Buffers.Tests

echo "== Blosc tests as linux-arm64 under $(qemu-aarch64 --version | head -1) (at ${SECONDS} s)"
# The same three classes as the DOTNET_Enable*=0 reruns in .ci/run. Under qemu the runtime's W^X double mapping of
# JIT code crashes the process (SIGSEGV), so it is off; invariant globalization spares an arm64 libicu.
runner=(-noColor -class "*.Blosc.BitShuffleTests" -class "*.Blosc.ByteShuffleTests" -class "*.Blosc.BloscCodecTests")
if [ -n "$trx" ]; then
  runner+=(-trx "$trx")
fi
qemu-aarch64 -L "$sysroot" -E LD_LIBRARY_PATH="$library_path" -E DOTNET_EnableWriteXorExecute=0 \
  -E DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$tests" "${runner[@]}"
