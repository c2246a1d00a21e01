/** A modal showing a whole long value (the grid shows it cut), with a copy button. */
import { useState } from 'react';
import { ModalDialog } from './modal-dialog';

export interface TextDialogProps {
  title: string;
  text: string;
  onClose(): void;
}

export function TextDialog({ title, text, onClose }: TextDialogProps) {
  const [copied, setCopied] = useState(false);

  const copy = () => {
    navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <ModalDialog
      title={title}
      widthClass="w-[min(48rem,90vw)]"
      onClose={onClose}
      actions={
        <>
          <span className="text-xs text-slate-500">
            {text.length.toLocaleString('en-US')} characters
          </span>
          <button
            type="button"
            onClick={copy}
            className="rounded px-2 py-1 text-xs text-teal-800 hover:bg-teal-50"
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </>
      }
    >
      <pre className="max-h-[70vh] overflow-auto px-4 py-3 font-mono text-xs break-words whitespace-pre-wrap text-slate-900">
        {text}
      </pre>
    </ModalDialog>
  );
}
