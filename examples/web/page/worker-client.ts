/**
 * The page's side of a training worker: `request(job, params, onProgress)` resolves with the job's
 * result, or rejects with the library's own error text (or a RequestCancelled); pause, resume and
 * cancel act on the job that is running. One worker per panel, so panels train independently.
 */
import type { FromWorker, ToWorker } from "../protocol.ts";

export class RequestCancelled extends Error {
  constructor(job: string) {
    super(`${job}: cancelled`);
    this.name = "RequestCancelled";
  }
}

interface Pending {
  job: string;
  onProgress?: (data: any) => void;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class TrainingWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Called when the worker pauses or resumes the running job. */
  onPauseChange: ((paused: boolean) => void) | null = null;

  constructor(name: string) {
    this.worker = new Worker("worker.js", { type: "module", name });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    // A worker that fails to load or throws outside a job: fail every waiting request with its text.
    this.worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(`${name} worker: ${event.message || "failed to start"}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  /** Runs `job` in the worker; progress messages go to onProgress. */
  request<T>(job: string, params: unknown = {}, onProgress?: (data: any) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { job, onProgress, resolve: resolve as (v: unknown) => void, reject });
      this.send({ kind: "request", id, job, params });
    });
  }

  pause(): void {
    this.send({ kind: "pause" });
  }

  resume(): void {
    this.send({ kind: "resume" });
  }

  cancel(): void {
    this.send({ kind: "cancel" });
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    const p = this.pending.get(message.id);
    if (!p) return;
    switch (message.kind) {
      case "progress":
        p.onProgress?.(message.data);
        return;
      case "paused":
      case "resumed":
        this.onPauseChange?.(message.kind === "paused");
        return;
      case "result":
        p.resolve(message.data);
        break;
      case "error":
        p.reject(new Error(message.message));
        break;
      case "cancelled":
        p.reject(new RequestCancelled(p.job));
        break;
    }
    this.pending.delete(message.id);
  }
}
