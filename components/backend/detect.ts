// Which compute the reader's browser offers, without loading tfjs: a WebGPU adapter
// (and whether it is a software one such as SwiftShader), WebGL's renderer, WebAssembly.
// Explained on the book's 首页 (src/index.md); choose.ts turns it into a backend.

export interface GpuInfo {
  available: boolean;
  /** e.g. "swiftshader", "nvidia", "Apple M2"; empty when unknown. */
  adapter: string;
  /** A software rasteriser: fine for correctness, slow for training. */
  software: boolean;
}

export interface WasmInfo {
  available: boolean;
  /** SharedArrayBuffer is usable (the page is cross-origin isolated): XNNPACK can use threads. */
  threads: boolean;
}

export interface ComputeInfo {
  webgpu: GpuInfo;
  webgl: GpuInfo;
  wasm: WasmInfo;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

/** True for adapter or renderer names of software rasterisers. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE.test(name);
}

export async function detectWebGPU(nav: Navigator = navigator): Promise<GpuInfo> {
  // Typed loosely on purpose: adapter.info is newer than some WebGPU type packages.
  const gpu = (nav as unknown as { gpu?: { requestAdapter(): Promise<WebGPUAdapterLike | null> } }).gpu;
  if (!gpu) return { available: false, adapter: "", software: false };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, adapter: "", software: false };
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(" ").trim();
    return { available: true, adapter: name, software: Boolean(adapter.isFallbackAdapter || info.isFallbackAdapter) || isSoftwareRenderer(name) };
  } catch {
    return { available: false, adapter: "", software: false };
  }
}

interface WebGPUAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

export function detectWebGL(doc: Document = document): GpuInfo {
  const gl = doc.createElement("canvas").getContext("webgl2") ?? doc.createElement("canvas").getContext("webgl");
  if (!gl) return { available: false, adapter: "", software: false };
  const debug = gl.getExtension("WEBGL_debug_renderer_info");
  const name = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return { available: true, adapter: name, software: isSoftwareRenderer(name) };
}

export function detectWasm(scope: typeof globalThis = globalThis): WasmInfo {
  return { available: typeof scope.WebAssembly === "object", threads: Boolean(scope.crossOriginIsolated) && typeof scope.SharedArrayBuffer === "function" };
}

export async function detectCompute(): Promise<ComputeInfo> {
  return { webgpu: await detectWebGPU(), webgl: detectWebGL(), wasm: detectWasm() };
}
