/** An attention heatmap as SVG: rows are output tokens, columns input tokens, darker = more weight. */

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const show = (t: string) => (t === " " ? "␣" : t);

/** weights[out][in] in [0, 1]. */
export function heatmap(weights: readonly (readonly number[])[], inputTokens: readonly string[], outputTokens: readonly string[], title: string): SVGSVGElement {
  const cell = 20;
  const left = 44;
  const top = 44;
  const width = left + cell * inputTokens.length + 10;
  const height = top + cell * outputTokens.length + 10;
  const parts = [`<text x="0" y="14" font-weight="600">${esc(title)}</text>`];
  inputTokens.forEach((t, i) => parts.push(`<text x="${left + i * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${esc(show(t))}</text>`));
  outputTokens.forEach((t, o) => {
    parts.push(`<text x="${left - 6}" y="${top + o * cell + cell / 2 + 4}" text-anchor="end">${esc(show(t))}</text>`);
    weights[o].forEach((w, i) => {
      parts.push(`<rect x="${left + i * cell}" y="${top + o * cell}" width="${cell - 1}" height="${cell - 1}" fill="rgb(37, 99, 235)" fill-opacity="${Math.max(0.03, w).toFixed(3)}"><title>${esc(show(t))} ← ${esc(show(inputTokens[i]))}: ${w.toFixed(3)}</title></rect>`);
    });
  });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title);
  svg.innerHTML = parts.join("");
  return svg;
}
