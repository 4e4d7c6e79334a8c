/**
 * A small SVG line chart (loss per epoch, forecasts per day, accuracy per length, gradient norm
 * per step): shared x positions, one polyline per series, nice y ticks, optional log y axis,
 * legend. Drawn as one SVG string, so redrawing every epoch costs well under a millisecond.
 */

export interface Series {
  name: string;
  values: readonly number[];
  color: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  series: readonly Series[];
  /** Label of each x position (epoch numbers, dates, lengths); ticks are thinned to fit. */
  xLabels: readonly (string | number)[];
  xTitle?: string;
  yTitle?: string;
  logY?: boolean;
  width?: number;
  height?: number;
  /** Fixed y range (e.g. [0, 1] for accuracy); default: the data's. */
  yRange?: [number, number];
}

const PAD = { left: 52, right: 12, top: 26, bottom: 40 };
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The chart as an SVG element. */
export function lineChart(o: LineChartOptions): SVGSVGElement {
  const width = o.width ?? 520;
  const height = o.height ?? 260;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const f = (v: number) => (o.logY ? Math.log10(v) : v);
  const finite = o.series.flatMap((s) => s.values.map(f)).filter(Number.isFinite);
  let [lo, hi] = o.yRange ? [f(o.yRange[0]), f(o.yRange[1])] : [Math.min(...finite), Math.max(...finite)];
  if (!finite.length && !o.yRange) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const n = Math.max(1, o.xLabels.length - 1);
  const x = (i: number) => PAD.left + (plotW * i) / n;
  const y = (v: number) => PAD.top + plotH * (1 - (f(v) - lo) / (hi - lo));
  const parts: string[] = [`<text x="${PAD.left}" y="16" font-weight="600">${esc(o.title)}</text>`];
  const yTicks = o.logY ? niceTicks(Math.floor(lo), Math.ceil(hi), 5).filter((t) => Number.isInteger(t)).map((t) => 10 ** t) : niceTicks(lo, hi, 5);
  for (const t of yTicks) {
    const ty = y(t);
    if (ty < PAD.top - 1 || ty > PAD.top + plotH + 1) continue;
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${ty}" y2="${ty}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${ty + 4}" text-anchor="end">${o.logY ? t.toExponential(0) : t}</text>`);
  }
  const every = Math.max(1, Math.ceil(o.xLabels.length / 8));
  o.xLabels.forEach((label, i) => {
    if (i % every !== 0) return;
    parts.push(`<text x="${x(i)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${esc(String(label))}</text>`);
  });
  parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#9ca3af"/>`);
  if (o.xTitle) parts.push(`<text x="${PAD.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(o.xTitle)}</text>`);
  if (o.yTitle) parts.push(`<text transform="translate(12 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(o.yTitle)}</text>`);
  o.series.forEach((s, k) => {
    const points = s.values.map((v, i) => (Number.isFinite(f(v)) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : "")).filter(Boolean);
    const dash = s.dashed ? ` stroke-dasharray="4 3"` : "";
    if (points.length === 1) parts.push(`<circle cx="${points[0].split(",")[0]}" cy="${points[0].split(",")[1]}" r="2.5" fill="${s.color}"/>`);
    else parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5"${dash} points="${points.join(" ")}"/>`);
    const lx = PAD.left + 8 + k * Math.min(130, plotW / o.series.length);
    parts.push(`<line x1="${lx}" x2="${lx + 16}" y1="${PAD.top + 6}" y2="${PAD.top + 6}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${lx + 20}" y="${PAD.top + 10}">${esc(s.name)}</text>`);
  });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", o.title);
  svg.innerHTML = parts.join("");
  return svg;
}
