/**
 * A native modal `<dialog>` opened on mount, with a title bar and Close: Escape, Close and a click
 * on the backdrop all close it, and `onClose` follows. Its body is the caller's.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalDialogProps {
  title: string;
  /** Beside the title, before Close (a character count, a Copy button). */
  actions?: ReactNode;
  /** Tailwind width, e.g. `w-[min(36rem,92vw)]`. */
  widthClass: string;
  onClose(): void;
  children: ReactNode;
}

export function ModalDialog({ title, actions, widthClass, onClose, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === event.currentTarget) ref.current?.close();
      }}
      aria-label={title}
      className={`m-auto ${widthClass} rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40`}
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2">
        <h2 className="truncate text-sm font-semibold text-slate-800">{title}</h2>
        {actions}
        <button
          type="button"
          onClick={() => ref.current?.close()}
          className="ml-auto rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-100"
        >
          Close
        </button>
      </div>
      {children}
    </dialog>
  );
}
