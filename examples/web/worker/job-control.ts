/**
 * Pause and cancel for a job that runs in a worker. Messages reach a worker only between tasks,
 * so a training loop calls `checkpoint()` now and then (weather: once per epoch; the char-RNN:
 * every few steps): it yields to the event loop, waits while paused, and throws JobCancelled
 * when cancel was asked for. Training state is left as the last finished step made it.
 */

export class JobCancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "JobCancelled";
  }
}

export class JobControlState {
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  /** Lets pending messages in; returns when running, throws JobCancelled when cancelled. */
  async checkpoint(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (this.paused && !this.cancelled) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    if (this.cancelled) throw new JobCancelled();
  }
}
