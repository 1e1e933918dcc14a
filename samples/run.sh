#!/usr/bin/env bash
# Packs SupplyChainGuard and builds the Baidu OCR sample with it, as a user would: the build prints
# SCG0001 on the Baidu.AI PackageReference line, with the evidence and the alternatives, and SCG0102 and
# SCG0101 on the code that uses Baidu's SDK — each once (samples/build.rsp says how).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="0.1.0"

dotnet pack "$root/src/SupplyChainGuard.Package/SupplyChainGuard.Package.csproj" -c Release \
  -o "$root/artifacts/packages" -p:Version="$version" -nologo -v:q
# A package of the same version restored earlier would shadow the one just packed.
rm -rf "$root/artifacts/sample-packages/supplychainguard"

dotnet msbuild "@$root/samples/build.rsp" "$root/samples/BaiduOcrApp/BaiduOcrApp.csproj"
