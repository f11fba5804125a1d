import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

/** The kernels' text sources, compiled to the base64 modules beside them (the runtime never needs wabt). */
export const kernels = ['factor-scores', 'als-cg'] as const;

/** Compiles a WebAssembly text module (SIMD enabled) to its binary. */
export async function compileWat(name: string, source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(`${name}.wat`, source, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

export function generatedModule(name: string, binary: Uint8Array): string {
  return [
    `// Generated from ${name}.wat by build-wasm.ts (npm run build:wasm -w @tessera/models). Do not edit.`,
    `export const base64 =\n  '${Buffer.from(binary).toString('base64')}';`,
    '',
  ].join('\n');
}

export async function buildAll(): Promise<void> {
  for (const name of kernels) {
    const source = await readFile(new URL(`./${name}.wat`, import.meta.url), 'utf8');
    const target = new URL(`./${name}.wasm.ts`, import.meta.url);
    await writeFile(target, generatedModule(name, await compileWat(name, source)));
    process.stderr.write(`wrote ${fileURLToPath(target)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
