/**
 * A server named by a link (`?endpoint=`), shown where the person is, whatever the view, until
 * they say yes or no. Nothing is sent to that host before "Use this server": the link may have
 * been written by anyone, and the host would receive the questions and the database's schema
 * and sample rows.
 */
import { useAppStore } from '../../state/store';
import { removeServerLinkFromAddress } from './server-link-address';

export function ServerProposalBanner() {
  const proposal = useAppStore((s) => s.serverProposal);
  const databaseName = useAppStore((s) => s.database?.name ?? null);
  const accept = useAppStore((s) => s.acceptServerProposal);
  const dismiss = useAppStore((s) => s.dismissServerProposal);
  if (!proposal) return null;

  const done = (action: () => unknown) => () => {
    removeServerLinkFromAddress();
    void action();
  };

  return (
    <section
      role="alertdialog"
      aria-labelledby="server-proposal-title"
      aria-describedby="server-proposal-detail"
      className="border-b border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <h2 id="server-proposal-title" className="font-semibold">
        This link asks to use another model server:{' '}
        <span className="font-mono break-all" data-testid="proposed-host">
          {proposal.host}
        </span>
      </h2>
      <div id="server-proposal-detail" className="mt-1 space-y-1">
        <p>
          If you use it, your questions
          {databaseName ? (
            <>
              {' '}
              and the schema and sample rows of{' '}
              <strong className="break-all">{databaseName}</strong>
            </>
          ) : (
            ' and the schema and sample rows of the database you open'
          )}{' '}
          will be sent to <span className="font-mono break-all">{proposal.endpoint}</span>
          {proposal.model ? (
            <>
              {' '}
              (model <span className="font-mono break-all">{proposal.model}</span>)
            </>
          ) : null}
          . Nothing has been sent there yet.
        </p>
        <p>
          API keys you typed for other servers are never sent to it. Use it only if you trust
          whoever sent you the link and that server.
        </p>
      </div>
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          type="button"
          onClick={done(accept)}
          className="rounded-md bg-amber-700 px-3 py-1 font-medium text-white hover:bg-amber-800"
        >
          Use this server
        </button>
        <button
          type="button"
          onClick={done(dismiss)}
          className="rounded-md border border-amber-400 bg-white px-3 py-1 font-medium text-amber-900 hover:bg-amber-100"
        >
          Ignore
        </button>
      </div>
    </section>
  );
}
