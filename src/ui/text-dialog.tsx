/** A modal showing a whole long value (the grid shows it cut), with a copy button. */
import { useEffect, useRef, useState } from 'react';

export interface TextDialogProps {
  title: string;
  text: string;
  onClose(): void;
}

export function TextDialog({ title, text, onClose }: TextDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const copy = () => {
    navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === event.currentTarget) ref.current?.close();
      }}
      aria-label={title}
      className="m-auto w-[min(48rem,90vw)] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2">
        <h2 className="truncate text-sm font-semibold text-slate-800">{title}</h2>
        <span className="text-xs text-slate-500">
          {text.length.toLocaleString('en-US')} characters
        </span>
        <button
          type="button"
          onClick={copy}
          className="ml-auto rounded px-2 py-1 text-xs text-teal-800 hover:bg-teal-50"
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button
          type="button"
          onClick={() => ref.current?.close()}
          className="rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-100"
        >
          Close
        </button>
      </div>
      <pre className="max-h-[70vh] overflow-auto px-4 py-3 font-mono text-xs break-words whitespace-pre-wrap text-slate-900">
        {text}
      </pre>
    </dialog>
  );
}
