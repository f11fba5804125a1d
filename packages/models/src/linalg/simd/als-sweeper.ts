import type { Csr } from '../../data/interactions.js';
import { base64 } from './als-cg.wasm.js';
import { compileKernel, instantiate, type WasmMemory } from './wasm.js';

interface Kernels {
  sweep(
    x: number,
    y: number,
    yty: number,
    indptr: number,
    indices: number,
    conf: number,
    nRows: number,
    fb: number,
    steps: number,
    r: number,
    p: number,
    ap: number,
  ): void;
}

const kernelModule = compileKernel(base64);

export const alsSimdAvailable = kernelModule !== null;

/** Byte offsets of one CSR view inside the kernel memory. */
interface CsrAt {
  rows: number;
  indptr: number;
  indices: number;
  conf: number;
}

/**
 * Implicit-ALS training state inside WebAssembly memory: both factor matrices (rows padded with zeros to a
 * multiple of four floats), both CSR views with confidences c1 = alpha·value, and the Gram matrix of the side
 * held fixed. Each half-iteration is one call into the SIMD CG kernel (als-cg.wat), in float32 as implicit does.
 */
export class AlsSweeper {
  private readonly memory: WasmMemory;
  private readonly kernels: Kernels;
  private readonly padded: number;
  private readonly users: number;
  private readonly items: number;
  private readonly gram: number;
  private readonly scratch: number;
  private readonly byUser: CsrAt;
  private readonly byItem: CsrAt;

  constructor(
    private readonly nUsers: number,
    private readonly nItems: number,
    private readonly factors: number,
    byUser: Csr,
    byItem: Csr,
    alpha: number,
  ) {
    if (!kernelModule) throw new Error('WebAssembly SIMD is not available in this runtime');
    this.padded = Math.ceil(factors / 4) * 4;
    const fb = this.padded * 4;
    let at = 0;
    const take = (bytes: number) => {
      const start = at;
      at += Math.ceil(bytes / 16) * 16;
      return start;
    };
    this.users = take(nUsers * fb);
    this.items = take(nItems * fb);
    this.gram = take(this.padded * fb);
    this.scratch = take(3 * fb);
    const place = (csr: Csr): CsrAt => ({
      rows: csr.indptr.length - 1,
      indptr: take(csr.indptr.byteLength),
      indices: take(csr.indices.byteLength),
      conf: take(csr.values.length * 4),
    });
    this.byUser = place(byUser);
    this.byItem = place(byItem);
    ({ memory: this.memory, kernels: this.kernels } = instantiate<Kernels>(kernelModule, at));
    for (const [csr, where] of [
      [byUser, this.byUser],
      [byItem, this.byItem],
    ] as const) {
      new Int32Array(this.memory.buffer, where.indptr, csr.indptr.length).set(csr.indptr);
      new Int32Array(this.memory.buffer, where.indices, csr.indices.length).set(csr.indices);
      const conf = new Float32Array(this.memory.buffer, where.conf, csr.values.length);
      for (let k = 0; k < conf.length; k++) conf[k] = alpha * csr.values[k];
    }
  }

  /** Installs starting factors (row-major, `factors` wide). */
  setFactors(users: Float32Array, items: Float32Array): void {
    this.writeRows(this.users, users, this.nUsers);
    this.writeRows(this.items, items, this.nItems);
  }

  /** x_u for every user given the items (then the mirror image), `steps` CG steps each. */
  sweepUsers(reg: number, steps: number): void {
    this.sweep(this.users, this.items, this.nItems, this.byUser, reg, steps);
  }

  sweepItems(reg: number, steps: number): void {
    this.sweep(this.items, this.users, this.nUsers, this.byItem, reg, steps);
  }

  /** The trained factors, unpadded. */
  factorsOf(side: 'users' | 'items'): Float32Array {
    const n = side === 'users' ? this.nUsers : this.nItems;
    const at = side === 'users' ? this.users : this.items;
    const f = this.factors;
    const rows = new Float32Array(this.memory.buffer, at, n * this.padded);
    if (this.padded === f) return rows.slice();
    const out = new Float32Array(n * f);
    for (let r = 0; r < n; r++) out.set(rows.subarray(r * this.padded, r * this.padded + f), r * f);
    return out;
  }

  private sweep(x: number, y: number, nY: number, rows: CsrAt, reg: number, steps: number): void {
    this.writeGram(y, nY, reg);
    const fb = this.padded * 4;
    const s = this.scratch;
    this.kernels.sweep(
      x,
      y,
      this.gram,
      rows.indptr,
      rows.indices,
      rows.conf,
      rows.rows,
      fb,
      steps,
      s,
      s + fb,
      s + 2 * fb,
    );
  }

  /** YᵀY + reg·I over the real factors (accumulated in float64), padded rows and columns left zero. */
  private writeGram(y: number, nY: number, reg: number): void {
    const f = this.factors;
    const p = this.padded;
    const rows = new Float32Array(this.memory.buffer, y, nY * p);
    const g = new Float64Array(f * f);
    for (let r = 0; r < nY; r++) {
      const base = r * p;
      for (let a = 0; a < f; a++) {
        const ya = rows[base + a];
        if (ya === 0) continue;
        const ga = a * f;
        for (let b = 0; b <= a; b++) g[ga + b] += ya * rows[base + b];
      }
    }
    const out = new Float32Array(this.memory.buffer, this.gram, p * p);
    out.fill(0);
    for (let a = 0; a < f; a++) {
      for (let b = 0; b <= a; b++) {
        const v = g[a * f + b] + (a === b ? reg : 0);
        out[a * p + b] = v;
        out[b * p + a] = v;
      }
    }
  }

  private writeRows(at: number, source: Float32Array, n: number): void {
    const f = this.factors;
    const rows = new Float32Array(this.memory.buffer, at, n * this.padded);
    rows.fill(0);
    for (let r = 0; r < n; r++) rows.set(source.subarray(r * f, (r + 1) * f), r * this.padded);
  }
}
