/**
 * An abort signal for one request that fires when the caller's signal does or when the server
 * stays silent too long, and remembers which of the two it was, so the error can say so.
 */
export interface DeadlineContext {
  userAborted: boolean;
  timedOut: boolean;
  seconds: number;
}

export class RequestDeadline {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private timedOut = false;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(
    private readonly outer: AbortSignal | undefined,
    private readonly ms: number,
  ) {
    outer?.addEventListener('abort', this.onOuterAbort);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The server answered: a slow but live stream may take as long as it needs. */
  disarm(): void {
    clearTimeout(this.timer);
  }

  context(): DeadlineContext {
    return {
      userAborted: this.outer?.aborted ?? false,
      timedOut: this.timedOut,
      seconds: this.ms / 1000,
    };
  }

  /** Stops the timer, detaches from the caller's signal, and aborts whatever is still open. */
  dispose(): void {
    this.disarm();
    this.outer?.removeEventListener('abort', this.onOuterAbort);
    this.controller.abort();
  }
}
