// The slice of the WebAssembly JS API the kernels use, typed locally: the packages compile without the DOM lib.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
export const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export const PAGE = 65_536;

/** Compiles a shipped kernel (base64), or null where WebAssembly or its SIMD proposal is unavailable. */
export function compileKernel(base64: string): object | null {
  try {
    return wasm ? new wasm.Module(Buffer.from(base64, 'base64')) : null;
  } catch {
    return null;
  }
}

/** A fresh memory of at least `bytes` and an instance of `module` over it. */
export function instantiate<K>(module: object, bytes: number): { memory: WasmMemory; kernels: K } {
  if (!wasm) throw new Error('WebAssembly is not available in this runtime');
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
  const instance = new wasm.Instance(module, { env: { memory } });
  return { memory, kernels: instance.exports as K };
}
