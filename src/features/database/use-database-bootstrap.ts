/**
 * First load: `?db=<url>` opens that database (shareable links); otherwise the database kept
 * from the last visit, or the sample for a first visit, so the page is useful at once.
 */
import { useEffect } from 'react';
import { readShareLink } from '../../core/share-link';
import { useAppStore } from '../../state/store';

// Once per page, not once per mount: StrictMode mounts twice in development.
let started = false;

export function useDatabaseBootstrap(): void {
  const openUrl = useAppStore((s) => s.openUrl);
  const restoreOrOpenSample = useAppStore((s) => s.restoreOrOpenSample);

  useEffect(() => {
    if (started) return;
    started = true;
    const url = readShareLink(window.location.search).db;
    if (url) void openUrl(url);
    else void restoreOrOpenSample();
  }, [openUrl, restoreOrOpenSample]);
}
