/**
 * Any MLC-compiled model by URL: the weights folder and the compiled model library (.wasm).
 * This is how a fine-tuned Text-to-SQL model (for instance one trained the ROUTE way) runs here.
 */
import { useState } from 'react';
import { useAppStore } from '../../state/store';

const EMPTY = { modelId: '', modelUrl: '', modelLibUrl: '' };

export function CustomModelForm() {
  const addCustomModel = useAppStore((s) => s.addCustomModel);
  const [fields, setFields] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);

  const field = (key: keyof typeof EMPTY, label: string, placeholder: string, hint: string) => (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <input
        value={fields[key]}
        onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
        placeholder={placeholder}
        spellCheck={false}
        className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs focus:border-teal-600 focus:outline-none"
      />
      <span className="text-xs text-slate-500">{hint}</span>
    </label>
  );

  return (
    <details className="rounded-lg border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-semibold text-slate-900">
        Add a custom model (MLC-compiled)
      </summary>
      <form
        className="mt-3 space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          const result = addCustomModel(fields);
          setProblem(result);
          if (!result) setFields(EMPTY);
        }}
      >
        {field(
          'modelId',
          'Model id',
          'my-sql-qwen-1.5b-q4f32_1',
          'Any name; include q4f32_1 or q4f16_1 if the build uses it.',
        )}
        {field(
          'modelUrl',
          'Model URL (weights)',
          'https://huggingface.co/you/my-sql-qwen-1.5b-q4f32_1-MLC',
          'The folder with mlc-chat-config.json and the weight shards.',
        )}
        {field(
          'modelLibUrl',
          'Model library URL (.wasm)',
          'https://example.org/my-sql-qwen-1.5b-q4f32_1-webgpu.wasm',
          'Compiled with mlc_llm for WebGPU, matching this web-llm version.',
        )}
        {problem && (
          <p role="alert" className="text-sm text-red-700">
            {problem}
          </p>
        )}
        <button
          type="submit"
          className="rounded-md border border-teal-700 px-3 py-1 text-sm font-medium text-teal-800 hover:bg-teal-50"
        >
          Add to the list
        </button>
      </form>
    </details>
  );
}
