#!/usr/bin/env bash
# Runs the packed bench:gpu (infra/gpu/pack.sh) on the GPU machine, from the repository root:
#   bash .gpu/run.sh [bench:gpu arguments]
# Unpacks node and Dawn, installs the Vulkan loader, shows the GPU, then runs the benchmark; its log and its
# last JSON line also go to $OUT when that is set.
set -euo pipefail
g=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$g/out}
mkdir -p "$out" /tmp/tessera-node
for f in "$g"/debs/*.deb; do dpkg -x "$f" /; done
ldconfig
xz -dc "$g/node.xz" > /tmp/tessera-node/node && chmod +x /tmp/tessera-node/node
xz -dk -f "$g/app/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
# The NVIDIA driver's Vulkan ICD may live outside the loader's search path.
if ! ls /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json >/dev/null 2>&1 &&
  [[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,utilization.gpu --format=csv 2>&1 || true
echo "node $(/tmp/tessera-node/node --version); nproc $(nproc); VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
ldconfig -p | grep -E 'libvulkan|libGLX_nvidia|libGLdispatch' || echo 'no Vulkan loader or NVIDIA GLX library found' >&2
data=()
[[ -f $g/ml-100k/u.data ]] && data=(--dataset "$g/ml-100k")
cd "$g/app"
set +e
/tmp/tessera-node/node gpu-bench.mjs "${data[@]}" "$@" > "$out/bench-gpu.stdout" 2> >(tee "$out/bench-gpu.log" >&2)
rc=$?
set -e
cat "$out/bench-gpu.stdout"
tail -n 1 "$out/bench-gpu.stdout" > "$out/bench-gpu.json"
exit $rc
