/** A few DOM helpers, so panels read as what they show rather than as createElement calls. */

type Attrs = Record<string, string | number | boolean | undefined | Record<string, (e: Event) => void>>;

/** An element with attributes (`on*` functions become listeners) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "on" || value === undefined || value === false || typeof value === "object") continue;
    node.setAttribute(key, value === true ? "" : String(value));
  }
  const listeners = (attrs.on ?? {}) as Record<string, (e: Event) => void>;
  for (const [event, listener] of Object.entries(listeners)) node.addEventListener(event, listener);
  node.append(...children);
  return node;
}

/** A labelled input for a settings row; returns the label (which holds the input). */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return el("label", {}, label, input);
}

/** Reads a URL parameter of the page (tests shorten training with them). */
export function urlParam(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

/** A results table: header row, then one row per entry. */
export function table(headers: string[], rows: (string | number)[][], attrs: Attrs = {}): HTMLTableElement {
  return el(
    "table",
    { class: "results", ...attrs },
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, String(c)))))),
  );
}
