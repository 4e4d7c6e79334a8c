// Picks and instantiates the best kernel build this engine can run. Each build's own bytes are
// the feature probe: WebAssembly.validate fails on a build that uses an instruction the engine
// lacks (relaxed SIMD on Node 20 without --experimental-wasm-relaxed-simd, or SIMD on very old
// engines), and the next build in order of preference is tried.
import { wasmBase64 as relaxedBase64 } from "./generated/kernels-relaxed";
import { wasmBase64 as simdBase64 } from "./generated/kernels-simd";
import { wasmBase64 as scalarBase64 } from "./generated/kernels-scalar";
import { wasmBase64 as sharedBase64 } from "./generated/kernels-shared";

export type BuildName = "relaxed" | "simd" | "scalar" | "shared";

/** Preference order: fused multiply-add, then SIMD128, then scalar ("shared" is SIMD128 on a shared memory, for threads). */
export const BUILDS: readonly BuildName[] = ["relaxed", "simd", "scalar"];

const BASE64: Record<BuildName, string> = { relaxed: relaxedBase64, simd: simdBase64, scalar: scalarBase64, shared: sharedBase64 };
const bytesCache = new Map<BuildName, Uint8Array<ArrayBuffer>>();

export function buildBytes(build: BuildName): Uint8Array<ArrayBuffer> {
  let bytes = bytesCache.get(build);
  if (!bytes) {
    const text = atob(BASE64[build]);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    bytesCache.set(build, bytes);
  }
  return bytes;
}

/** True when this engine can compile the given build. */
export function supportsBuild(build: BuildName): boolean {
  return WebAssembly.validate(buildBytes(build));
}

/** The most capable build this engine validates. */
export function detectBuild(): BuildName {
  const build = BUILDS.find(supportsBuild);
  if (!build) throw new Error("kernels: this engine validates none of the kernel builds (relaxed, simd, scalar)");
  return build;
}

/**
 * Compiles a build synchronously: the modules are ~17 KB, well under the size browsers allow
 * for synchronous compilation on the main thread, and a synchronous load means importing the
 * package needs no `await ready()`.
 */
export function instantiate(build: BuildName, memory: WebAssembly.Memory): WebAssembly.Exports {
  return new WebAssembly.Instance(compileBuild(build), { env: { memory } }).exports;
}

const modules = new Map<BuildName, WebAssembly.Module>();

/** The compiled module of a build (compiled once; kernel threads are given the same module). */
export function compileBuild(build: BuildName): WebAssembly.Module {
  let module = modules.get(build);
  if (!module) {
    if (!supportsBuild(build)) throw new Error(`kernels: this engine cannot run the '${build}' build`);
    module = new WebAssembly.Module(buildBytes(build));
    modules.set(build, module);
  }
  return module;
}
