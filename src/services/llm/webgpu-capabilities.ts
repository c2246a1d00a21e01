/**
 * What this browser's GPU can do, checked before offering a download: web-llm would only find
 * out after fetching hundreds of megabytes.
 */

export type GpuAvailability = 'available' | 'no_webgpu' | 'no_adapter';

export interface GpuCapabilities {
  availability: GpuAvailability;
  /** Why WebGPU is missing, in the person's words (empty when available). */
  reason: string;
  shaderF16: boolean;
  maxBufferSize: number | null;
  maxStorageBufferBindingSize: number | null;
  /** Software adapters (SwiftShader) work but are slow and small. */
  isFallbackAdapter: boolean;
  adapterName: string | null;
  /** `navigator.deviceMemory` in GB where the browser tells it. */
  deviceMemoryGb: number | null;
}

interface NavigatorLike {
  gpu?: GPU;
  deviceMemory?: number;
}

function unavailable(
  availability: GpuAvailability,
  reason: string,
  deviceMemoryGb: number | null,
): GpuCapabilities {
  return {
    availability,
    reason,
    shaderF16: false,
    maxBufferSize: null,
    maxStorageBufferBindingSize: null,
    isFallbackAdapter: false,
    adapterName: null,
    deviceMemoryGb,
  };
}

export async function detectGpuCapabilities(
  nav: NavigatorLike = typeof navigator === 'undefined' ? {} : (navigator as NavigatorLike),
  secureContext: boolean = globalThis.isSecureContext ?? true,
): Promise<GpuCapabilities> {
  const deviceMemoryGb = typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null;
  if (!nav.gpu) {
    return unavailable(
      'no_webgpu',
      secureContext
        ? 'This browser does not offer WebGPU (navigator.gpu is missing). Recent Chrome and Edge have it; Firefox and Safari only in newer versions or behind a setting.'
        : 'WebGPU only works on https pages or on localhost, and this page is neither.',
      deviceMemoryGb,
    );
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) {
    return unavailable(
      'no_adapter',
      'The browser has WebGPU but found no usable graphics adapter (it may be blocked for this GPU or driver, or hardware acceleration is off).',
      deviceMemoryGb,
    );
  }
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const name = info
    ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ')
    : '';
  return {
    availability: 'available',
    reason: '',
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize ?? null,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize ?? null,
    isFallbackAdapter: Boolean(
      (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
      (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter,
    ),
    adapterName: name || null,
    deviceMemoryGb,
  };
}
