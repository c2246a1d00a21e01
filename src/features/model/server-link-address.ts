/**
 * Takes `?endpoint=` and `?model=` out of the address once the person has answered the link's
 * proposal, so a reload or a bookmark does not ask again; other parameters (`?db=`, `?q=`) stay.
 */
export function removeServerLinkFromAddress(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('endpoint') && !url.searchParams.has('model')) return;
  url.searchParams.delete('endpoint');
  url.searchParams.delete('model');
  window.history.replaceState(window.history.state, '', url);
}
