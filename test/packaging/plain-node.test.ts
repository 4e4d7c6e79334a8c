// "Import it in Node": the packages as published — built JavaScript, pnpm pack's package.json
// (publishConfig applied) — installed into an empty folder and imported by plain `node`, with no
// TypeScript loader anywhere. The workspace itself resolves to the sources; this is the one test
// of what a user of the npm packages gets.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations
import { buildPackages } from "../../scripts/build-packages.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "tapegrad-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("published packages in plain Node", () => {
  it("pack, install and train an LSTM step without any TypeScript tooling", async () => {
    await buildPackages({ types: false });
    const tarballs = join(work, "tarballs");
    for (const name of ["kernels", "autograd", "nn"]) {
      execFileSync("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(root, "packages", name), stdio: "ignore" });
    }
    const app = join(work, "app");
    for (const file of readdirSync(tarballs)) {
      const name = file.replace(/^tapegrad-/, "").replace(/-\d+\.\d+\.\d+\.tgz$/, "");
      const dest = join(app, "node_modules/@tapegrad", name);
      mkdirSync(dest, { recursive: true });
      execFileSync("tar", ["-xzf", join(tarballs, file), "-C", dest, "--strip-components=1"]);
    }
    writeFileSync(join(app, "main.mjs"), `
      import { Generator, scope, tensor } from "@tapegrad/autograd";
      import { LSTM, Linear, Adam, mseLoss } from "@tapegrad/nn";
      import { defaultKernels } from "@tapegrad/kernels";
      const g = new Generator(0);
      const lstm = new LSTM(3, 8, { batchFirst: true, generator: g });
      const head = new Linear(8, 1, { generator: g });
      const opt = new Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.05 });
      const x = tensor(Array.from({ length: 4 * 5 * 3 }, (_, i) => Math.sin(i)), { shape: [4, 5, 3] });
      const y = tensor([[0.5], [-0.5], [0.25], [-0.25]]);
      const losses = [];
      for (let step = 0; step < 20; step++) {
        losses.push(scope(() => {
          opt.zeroGrad();
          const l = mseLoss(head.forward(lstm.forward(x).hN.select(0, 0)), y);
          l.backward();
          opt.step();
          return l.item();
        }));
      }
      console.log(JSON.stringify({ build: defaultKernels().build, first: losses[0], last: losses.at(-1) }));
    `);
    // No --import tsx, no loader, no conditions: what `node main.mjs` does for a user.
    const out = execFileSync(process.execPath, ["main.mjs"], { cwd: app, encoding: "utf8", env: { PATH: process.env.PATH } });
    const { build, first, last } = JSON.parse(out.trim().split("\n").pop()!);
    expect(build).toBe("simd");
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first / 4);
  });
});
