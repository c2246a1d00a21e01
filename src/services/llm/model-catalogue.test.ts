import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import {
  appConfigFor,
  buildCatalogue,
  chooseVariant,
  customEntry,
  estimateDownloadBytes,
  formatModelSize,
  kvCacheBytes,
  type CatalogueEntry,
  suggestModel,
  usableEntries,
  validateCustomModel,
} from './model-catalogue';
import type { GpuCapabilities } from './webgpu-capabilities';

const catalogue = buildCatalogue(prebuiltAppConfig.model_list);

const desktop: GpuCapabilities = {
  availability: 'available',
  reason: '',
  shaderF16: true,
  maxBufferSize: 4 * 1024 ** 3,
  maxStorageBufferBindingSize: 2 * 1024 ** 3,
  isFallbackAdapter: false,
  adapterName: 'nvidia ampere',
  deviceMemoryGb: 16,
};
// What Chromium's SwiftShader adapter looks like to the page: no shader-f16, small limits.
const software: GpuCapabilities = {
  ...desktop,
  shaderF16: false,
  maxBufferSize: 256 * 1024 ** 2,
  maxStorageBufferBindingSize: 128 * 1024 ** 2,
  isFallbackAdapter: true,
  adapterName: 'google swiftshader',
};

describe('buildCatalogue over web-llm prebuiltAppConfig', () => {
  it('offers Qwen2.5-Coder and Qwen2.5 Instruct at 0.5B, 1.5B, 3B, 7B in q4f16_1 and q4f32_1', () => {
    expect(catalogue.filter((e) => e.family !== 'Qwen3')).toHaveLength(16);
    for (const family of ['Qwen2.5-Coder', 'Qwen2.5'] as const) {
      for (const size of ['0.5B', '1.5B', '3B', '7B'] as const) {
        for (const quantization of ['q4f16_1', 'q4f32_1'] as const) {
          const entry = catalogue.find(
            (e) => e.family === family && e.size === size && e.quantization === quantization,
          );
          expect(entry, `${family} ${size} ${quantization}`).toBeDefined();
        }
      }
    }
  });

  it('offers the Qwen3 builds web-llm has (0.6B to 8B, q4f16_1 and q4f32_1), after Qwen2.5', () => {
    const qwen3Records = prebuiltAppConfig.model_list.filter((r) =>
      /^Qwen3-(0\.6B|1\.7B|4B|8B)-q4f(16|32)_1-MLC$/.test(r.model_id),
    );
    const qwen3 = catalogue.filter((e) => e.family === 'Qwen3');
    expect(qwen3.map((e) => e.modelId)).toEqual([
      'Qwen3-0.6B-q4f16_1-MLC',
      'Qwen3-0.6B-q4f32_1-MLC',
      'Qwen3-1.7B-q4f16_1-MLC',
      'Qwen3-1.7B-q4f32_1-MLC',
      'Qwen3-4B-q4f16_1-MLC',
      'Qwen3-4B-q4f32_1-MLC',
      'Qwen3-8B-q4f16_1-MLC',
      'Qwen3-8B-q4f32_1-MLC',
    ]);
    expect(qwen3.map((e) => e.modelId).sort()).toEqual(qwen3Records.map((r) => r.model_id).sort());
    for (const entry of qwen3) {
      const record = qwen3Records.find((r) => r.model_id === entry.modelId);
      // The same memory figures and window as web-llm's record.
      expect(entry.vramMb).toBe(record?.vram_required_MB);
      expect(entry.lowResource).toBe(record?.low_resource_required ?? false);
      expect(entry.record.overrides?.context_window_size).toBe(4096);
      expect(entry.label).toBe(`Qwen3 ${entry.size}`);
    }
    expect(catalogue.findIndex((e) => e.family === 'Qwen3')).toBe(16);
    // Qwen3.5 and unquantized builds are not offered.
    expect(catalogue.some((e) => /Qwen3\.5|q0f/.test(e.modelId))).toBe(false);
  });

  it('works out a Qwen3 KV cache from its config (8 KV heads of 128 at every size)', () => {
    const q3 = catalogue.find((e) => e.modelId === 'Qwen3-1.7B-q4f16_1-MLC') as CatalogueEntry;
    // 2 (K and V) × 28 layers × 8 heads × 128 × 2 bytes × 4,096 tokens = 448 MiB.
    expect(kvCacheBytes(q3, 4096)).toBe(2 * 28 * 8 * 128 * 2 * 4096);
  });

  it('leaves out other families and quantizations (Math, q0f16, q0f32)', () => {
    expect(catalogue.some((e) => /Math|q0f/.test(e.modelId))).toBe(false);
  });

  it('orders Coder first, small to large, f16 before f32', () => {
    expect(catalogue.slice(0, 3).map((e) => e.modelId)).toEqual([
      'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC',
      'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC',
      'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC',
    ]);
    expect(catalogue.at(-1)?.modelId).toBe('Qwen3-8B-q4f32_1-MLC');
  });

  it('carries web-llm vram figures and estimates the download size, saying so', () => {
    const coder15 = catalogue.find((e) => e.modelId === 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC');
    const record = prebuiltAppConfig.model_list.find((r) => r.model_id === coder15?.modelId);
    expect(coder15?.vramMb).toBe(record?.vram_required_MB);
    expect(coder15?.downloadIsEstimate).toBe(true);
    // About 0.87 GB for 1.54 B parameters at 4.5 bits each.
    expect(coder15?.downloadBytes).toBe(estimateDownloadBytes('1.5B', 'q4f16_1'));
    expect(coder15?.downloadBytes).toBeGreaterThan(800e6);
    expect(coder15?.downloadBytes).toBeLessThan(950e6);
    expect(formatModelSize(coder15?.downloadBytes ?? null, true)).toBe('about 826 MB');
    expect(estimateDownloadBytes('7B', 'q4f32_1')).toBeGreaterThan(
      estimateDownloadBytes('7B', 'q4f16_1'),
    );
  });
});

describe('variant choice and suggestion', () => {
  it('uses q4f16_1 with shader-f16 and suggests Coder 1.5B on a desktop GPU', () => {
    expect(chooseVariant(desktop).quantization).toBe('q4f16_1');
    expect(suggestModel(catalogue, desktop)?.entry.modelId).toBe(
      'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC',
    );
  });

  it('uses q4f32_1 without shader-f16 and says why', () => {
    const noF16 = { ...desktop, shaderF16: false };
    const choice = chooseVariant(noF16);
    expect(choice.quantization).toBe('q4f32_1');
    expect(choice.reason).toMatch(/shader-f16/);
    expect(suggestModel(catalogue, noF16)?.entry.modelId).toBe(
      'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC',
    );
    expect(usableEntries(catalogue, noF16).every((e) => e.quantization === 'q4f32_1')).toBe(true);
    expect(usableEntries(catalogue, desktop)).toHaveLength(24);
  });

  it('suggests 0.5B on small devices (software adapter, small limits, little memory)', () => {
    expect(suggestModel(catalogue, software)?.entry.modelId).toBe(
      'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC',
    );
    expect(suggestModel(catalogue, software)?.reason).toMatch(/software GPU adapter/);
    expect(suggestModel(catalogue, { ...desktop, deviceMemoryGb: 4 })?.reason).toMatch(
      /4 GB of memory/,
    );
    expect(suggestModel(catalogue, { ...desktop, deviceMemoryGb: 4 })?.entry.modelId).toBe(
      'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC',
    );
    expect(
      suggestModel(catalogue, { ...desktop, maxBufferSize: 512 * 1024 ** 2 })?.entry.size,
    ).toBe('0.5B');
  });
});

describe('custom models', () => {
  const input = {
    modelId: 'route-qwen-1.5b-q4f32_1',
    modelUrl: 'https://huggingface.co/me/route-qwen-1.5b-q4f32_1-MLC',
    modelLibUrl: 'https://example.org/libs/route-qwen-1.5b-q4f32_1-webgpu.wasm',
  };

  it('accepts weights and library URLs and registers them in the app config', () => {
    expect(validateCustomModel(input, [])).toBeNull();
    const entry = customEntry(input);
    expect(entry.quantization).toBe('q4f32_1');
    const config = appConfigFor([...catalogue, entry]);
    expect(config.model_list.at(-1)).toEqual({
      model: input.modelUrl,
      model_id: input.modelId,
      model_lib: input.modelLibUrl,
    });
    expect(config.model_list).toHaveLength(25);
  });

  it('says what is wrong with bad fields', () => {
    expect(validateCustomModel({ ...input, modelId: ' ' }, [])).toMatch(/id/);
    expect(validateCustomModel(input, [input.modelId])).toMatch(/already/);
    expect(validateCustomModel({ ...input, modelUrl: 'not a url' }, [])).toMatch(/Model URL/);
    expect(
      validateCustomModel({ ...input, modelLibUrl: 'https://example.org/lib.js' }, []),
    ).toMatch(/\.wasm/);
  });
});

describe('kvCacheBytes', () => {
  it('sizes the cache from the model config: 1.5B f16 takes 28 KiB a token', () => {
    const entry = { size: '1.5B', quantization: 'q4f16_1' } as CatalogueEntry;
    expect(kvCacheBytes(entry, 1)).toBe(28 * 1024);
    expect(kvCacheBytes(entry, 4096)).toBe(112 * 1024 * 1024);
    expect(kvCacheBytes({ ...entry, quantization: 'q4f32_1' }, 4096)).toBe(224 * 1024 * 1024);
    expect(kvCacheBytes({ ...entry, size: '7B' }, 32768)).toBe(1792 * 1024 * 1024);
    expect(kvCacheBytes({ ...entry, size: null }, 4096)).toBeNull();
  });
});
