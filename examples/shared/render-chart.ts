/**
 * Vega-Lite spec → SVG (vega's headless View) → PNG (resvg). One place for rendering so every
 * example's pictures look alike and no browser is needed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
}

/** Renders a Vega-Lite spec to SVG text and PNG bytes, headless. */
export async function renderChart(spec: TopLevelSpec, opts: { scale?: number } = {}): Promise<RenderedChart> {
  const vgSpec = compile(spec).spec;
  // renderer "none": no canvas or DOM is touched; toSVG builds the markup from the scenegraph.
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: opts.scale ?? 2 },
    background: "white",
    // Vega asks for "sans-serif"; map it to a font most Linux machines have, falling back to
    // whatever system fonts exist (text is still drawn if DejaVu is missing).
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return { svg, png: resvg.render().asPng() };
}

/** Renders a spec and writes `<basePath>.svg` and `<basePath>.png`; returns both paths. */
export async function writeChart(spec: TopLevelSpec, basePath: string): Promise<{ svgPath: string; pngPath: string }> {
  const { svg, png } = await renderChart(spec);
  mkdirSync(dirname(basePath), { recursive: true });
  const svgPath = `${basePath}.svg`;
  const pngPath = `${basePath}.png`;
  writeFileSync(svgPath, svg);
  writeFileSync(pngPath, png);
  return { svgPath, pngPath };
}
