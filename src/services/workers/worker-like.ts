/**
 * The part of a Worker the page's worker clients use: typed messages each way, and terminate
 * (tests and Node pass in-process stand-ins of the same shape).
 */
export interface WorkerLike<Request, Reply> {
  postMessage(message: Request): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<Reply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}
