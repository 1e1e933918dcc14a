#!/usr/bin/env bash
# Packs SupplyChainGuard and builds the Baidu OCR sample with it, as a user would: the build prints
# SCG0001 on the Baidu.AI PackageReference line, with the evidence and the alternatives.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="0.1.0"

dotnet pack "$root/src/SupplyChainGuard.Package/SupplyChainGuard.Package.csproj" -c Release \
  -o "$root/artifacts/packages" -p:Version="$version" -nologo -v:q
# A package of the same version restored earlier would shadow the one just packed.
rm -rf "$root/artifacts/sample-packages/supplychainguard"

dotnet build "$root/samples/BaiduOcrApp/BaiduOcrApp.csproj" --no-incremental -nologo -v:m -tl:off -clp:NoSummary -nodeReuse:false
