// One worker thread as a request/answer channel: request() posts a job and resolves with the
// worker's answer, or rejects with an Error when the job threw in the worker or the worker died.
// The worker holds the process open only while a job is out.
import { serveParent, startWorker, type PlatformWorker } from "./platform";

interface Answer {
  id: number;
  result?: unknown;
  error?: { message: string; stack?: string };
}

/** The parent's handle on one worker. */
export class ThreadWorker {
  private readonly worker: PlatformWorker;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  /** Set once the worker has failed; every later request rejects with it. */
  private failed: Error | null = null;

  /** Starts `url` (a module that calls serveRequests) as a worker named `name` in errors. */
  constructor(url: URL, readonly name: string) {
    this.worker = startWorker(url, name, {
      message: (data) => this.answer(data as Answer),
      failure: (e) => this.fail(e),
    });
  }

  get alive(): boolean {
    return this.failed === null;
  }

  /** Runs one job in the worker; `transfer` lists buffers moved (not copied) there. */
  request<T>(message: unknown, transfer: Transferable[] = []): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.hold(true);
      try {
        this.worker.post({ id, message }, transfer);
      } catch (e) {
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.hold(false);
        reject(new Error(`${this.name}: could not send the job to the worker: ${(e as Error).message}`));
      }
    });
  }

  /** Stops the worker; jobs still out reject. */
  terminate(): void {
    this.fail(new Error(`${this.name}: the worker was stopped`));
    this.worker.terminate();
  }

  private answer(a: Answer): void {
    const job = this.pending.get(a.id);
    if (!job) return;
    this.pending.delete(a.id);
    if (this.pending.size === 0) this.worker.hold(false);
    if (a.error) {
      const e = new Error(`${this.name}: ${a.error.message}`);
      if (a.error.stack) e.stack = `${e.message}\n  (in the worker) ${a.error.stack}`;
      job.reject(e);
    } else {
      job.resolve(a.result);
    }
  }

  private fail(cause: Error): void {
    if (this.failed) return;
    this.failed = cause.message.startsWith(this.name) ? cause : new Error(`${this.name}: worker thread failed: ${cause.message}`, { cause });
    this.worker.hold(false);
    for (const job of this.pending.values()) job.reject(this.failed);
    this.pending.clear();
  }
}

/** A job handler's answer: a value, and the buffers to move back rather than copy. */
export interface Reply {
  result: unknown;
  transfer?: Transferable[];
}

/**
 * Inside a worker module: answers each request with `handle`'s reply; what it throws (or rejects
 * with) goes back to the caller's request() as an Error with the same message.
 */
export function serveRequests(handle: (message: unknown) => Reply | Promise<Reply>): void {
  const post = serveParent(async (data) => {
    const { id, message } = data as { id: number; message: unknown };
    try {
      const reply = await handle(message);
      post({ id, result: reply.result }, reply.transfer ?? []);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ id, error: { message: err.message, stack: err.stack } }, []);
    }
  });
}
