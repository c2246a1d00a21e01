/**
 * "Copy share link": `?db=<url>&q=<question>` for a database that came from an address (the
 * sample, a `?db=` link). A file from this computer has no address, so the button says why it
 * cannot make one instead of making a link that opens nothing.
 */
import { useState } from 'react';
import { shareLink } from '../../core/share-link';
import { useAppStore } from '../../state/store';

export function ShareButton() {
  const dbUrl = useAppStore((s) => s.database?.url ?? null);
  const hasDatabase = useAppStore((s) => s.database !== null);
  const question = useAppStore((s) => s.questionDraft);
  const [shown, setShown] = useState<{ link: string; copied: boolean } | null>(null);

  const share = async () => {
    if (!dbUrl) return;
    const link = shareLink(window.location.href, dbUrl, question);
    try {
      await navigator.clipboard.writeText(link);
      setShown({ link, copied: true });
    } catch {
      setShown({ link, copied: false }); // no clipboard permission: show it to copy by hand
    }
  };

  return (
    <div className="flex min-w-0 items-center gap-2 text-xs">
      <button
        type="button"
        onClick={() => void share()}
        disabled={!dbUrl}
        title={
          dbUrl
            ? 'A link that opens this database with the question filled in'
            : hasDatabase
              ? 'A file opened from this computer has no address to link to; open it from a URL (?db=) to share'
              : 'Open a database first'
        }
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400"
      >
        Copy share link
      </button>
      {shown && (
        <span role="status" className="flex min-w-0 items-center gap-1 text-slate-600">
          {shown.copied ? 'Copied:' : 'Copy this link:'}
          <input
            readOnly
            aria-label="Share link"
            value={shown.link}
            onFocus={(event) => event.target.select()}
            className="w-64 min-w-0 rounded border border-slate-200 bg-slate-50 px-1 py-0.5 font-mono text-[11px]"
          />
        </span>
      )}
    </div>
  );
}
