#!/usr/bin/env bash
# Packs `npm run bench:gpu` for a machine that has a GPU but no Node.js, no npm registry and no Vulkan loader
# (the lent H200 machines): one bundled script, the wasm kernels, Dawn's linux-x64 build, an xz'd copy of
# this machine's `node`, and Debian's Vulkan and GL dispatch loaders (the NVIDIA driver's Vulkan ICD is
# served through libglvnd). Output: .gpu/ at the repository root (git-ignored, ~34 MB). On the GPU machine,
# from the directory above it: bash .gpu/run.sh [bench:gpu arguments].
# With ../shared/datasets/ml-100k present, its u.data is copied into .gpu/ for that one run: .gpu/ is never
# committed, and the copy goes when .gpu/ is removed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.gpu"
cd "$root"
esbuild="$root/node_modules/.bin/esbuild"
[[ -x $esbuild ]] || { echo "pack.sh: $esbuild not found; run npm ci first" >&2; exit 1; }
dawn="$root/node_modules/webgpu/dist/linux-x64/dawn.node"
[[ -f $dawn ]] || { echo "pack.sh: $dawn not found (the optional 'webgpu' package is not installed)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/app/node_modules/webgpu/dist/linux-x64" "$out/debs"
# tfjs's Node bundles are CommonJS and find their .wasm files through __dirname: give the ESM bundle both.
"$esbuild" packages/models/src/bench/gpu-bench.ts --bundle --platform=node --format=esm --target=node20 \
  --conditions=@tessera/source --external:webgpu --log-level=warning --outfile="$out/app/gpu-bench.mjs" \
  --banner:js="import { createRequire as __tsCreateRequire } from 'node:module'; import { fileURLToPath as __tsFileUrl } from 'node:url'; import { dirname as __tsDirname } from 'node:path'; const require = __tsCreateRequire(import.meta.url); const __filename = __tsFileUrl(import.meta.url); const __dirname = __tsDirname(__filename);"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$out/app/"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/app/node_modules/webgpu/"
xz -T0 -6 -c "$dawn" > "$out/app/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
xz -T0 -6 -c "$(command -v node)" > "$out/node.xz"
(cd "$out/debs" && apt-get download -q libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2 \
  2> >(grep -v 'unsandboxed' >&2))
if [[ -f ../shared/datasets/ml-100k/u.data ]]; then
  mkdir -p "$out/ml-100k" && cp ../shared/datasets/ml-100k/u.data "$out/ml-100k/"
fi
cp infra/gpu/run.sh "$out/"
du -sh "$out"
