/**
 * What every panel has: a section with a title and intro, a status line, an error box that shows
 * the library's own message, busy/idle state (data-state, for people and tests), and a worker.
 */
import { el } from "./dom.ts";
import { RequestCancelled, TrainingWorker } from "./worker-client.ts";

export type PanelState = "idle" | "busy" | "done" | "error" | "cancelled";

export class Panel {
  readonly section: HTMLElement;
  readonly status = el("div", { class: "status", "aria-live": "polite" });
  readonly error = el("div", { class: "error", role: "alert" });
  readonly worker: TrainingWorker;
  /** Buttons disabled while a job runs. */
  private readonly busyOnly: HTMLButtonElement[] = [];
  private readonly idleOnly: HTMLButtonElement[] = [];

  constructor(readonly id: string, title: string, intro: string) {
    this.section = el("section", { class: "panel", id: `panel-${id}`, "data-state": "idle" }, el("h2", {}, title), el("p", { class: "intro" }, intro));
    this.worker = new TrainingWorker(id);
  }

  /** A button that is enabled only while idle (start/download…) or only while busy (pause/cancel). */
  button(label: string, onClick: () => void, opts: { whileBusy?: boolean; secondary?: boolean; name?: string } = {}): HTMLButtonElement {
    const b = el("button", { class: `action${opts.secondary ? " secondary" : ""}`, type: "button", "data-action": opts.name ?? label, on: { click: onClick } }, label);
    (opts.whileBusy ? this.busyOnly : this.idleOnly).push(b);
    if (opts.whileBusy) b.disabled = true;
    return b;
  }

  /** Pause/Resume for the worker's running job (enabled while busy); `onChange` hears each switch. */
  pauseButton(onChange?: (paused: boolean) => void): HTMLButtonElement {
    const pause = this.button("Pause", () => (pause.textContent === "Pause" ? this.worker.pause() : this.worker.resume()), { whileBusy: true, secondary: true, name: "pause" });
    this.worker.onPauseChange = (paused) => {
      pause.textContent = paused ? "Resume" : "Pause";
      onChange?.(paused);
    };
    return pause;
  }

  /** Cancel for the worker's running job (enabled while busy). */
  cancelButton(): HTMLButtonElement {
    return this.button("Cancel", () => this.worker.cancel(), { whileBusy: true, secondary: true, name: "cancel" });
  }

  setState(state: PanelState): void {
    this.section.dataset.state = state;
    const busy = state === "busy";
    for (const b of this.busyOnly) b.disabled = !busy;
    for (const b of this.idleOnly) b.disabled = busy;
  }

  /** Runs an action with busy state, the error box cleared before and filled on failure. */
  async run<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    this.error.textContent = "";
    this.setState("busy");
    try {
      const result = await action();
      this.setState("done");
      return result;
    } catch (err) {
      if (err instanceof RequestCancelled) {
        this.status.textContent = `${what}: cancelled`;
        this.setState("cancelled");
      } else {
        this.error.textContent = (err as Error).message;
        this.setState("error");
      }
      return undefined;
    }
  }
}
