// The shared command line (scripts/command-line.ts): parsing, --help, and how a wrong command line
// is reported — in-process against the parser, then through every `tsx` script of package.json the
// way a user runs it (`pnpm X -- --help`), so a command added later is held to the same rules.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type CommandIo, type CommandSpec, formatUsage, integerFlag, numberFlag, parseCommandLine, runCommand, UsageError } from "../../scripts/command-line.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** An io that records what would be printed and turns exit into a throw. */
function recorder(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    exit: (code) => {
      throw new Exit(code);
    },
  };
}

const SPEC = {
  command: "pnpm demo",
  description: "A demo command.",
  flags: {
    epochs: { type: "string", default: "3", value: "N", description: "epochs" },
    out: { type: "string", value: "DIR", description: "output folder" },
    verbose: { type: "boolean", short: "v", default: false, description: "talk more" },
    tag: { type: "string", multiple: true, description: "a tag" },
  },
} as const satisfies CommandSpec;

function exitCode(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    if (err instanceof Exit) return err.code;
    throw err;
  }
  return -1;
}

describe("parseCommandLine", () => {
  it("parses flags, applies defaults and drops pnpm's leading --", () => {
    const io = recorder();
    const { values } = parseCommandLine(SPEC, ["--", "--out", "/tmp/x", "-v", "--tag", "a", "--tag=b"], io);
    expect(values).toEqual({ epochs: "3", out: "/tmp/x", verbose: true, tag: ["a", "b"] });
    expect(parseCommandLine(SPEC, ["--epochs=7"], io).values.epochs).toBe("7");
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([]);
  });

  it("--help and -h print the usage to stdout and exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const io = recorder();
      expect(exitCode(() => parseCommandLine(SPEC, ["--", flag], io))).toBe(0);
      expect(io.stdout.join("\n")).toBe(formatUsage(SPEC));
    }
    const usage = formatUsage(SPEC);
    expect(usage.split("\n")[0]).toBe("usage: pnpm demo -- [flags]");
    expect(usage).toMatch(/--epochs N\s+epochs \(default 3\)/);
    expect(usage).toMatch(/-v, --verbose\s+talk more\n/);
    expect(usage).toMatch(/-h, --help\s+print this help and exit/);
  });

  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["--out"], "Option '--out <value>' argument missing"],
    [["stray"], 'unexpected argument "stray" (this command takes flags only)'],
    [["--", "--out", "d", "--", "--epochs"], 'unexpected argument "--epochs"'],
  ])("%j: names the problem, prints the usage to stderr and exits 2", (argv, message) => {
    const io = recorder();
    expect(exitCode(() => parseCommandLine(SPEC, argv, io))).toBe(2);
    const text = io.stderr.join("\n");
    expect(text.startsWith(`pnpm demo: ${message}`)).toBe(true);
    expect(text).toContain(formatUsage(SPEC));
    expect(text).not.toContain("To specify a positional");
    expect(io.stdout).toEqual([]);
  });

  it("accepts positionals only up to the declared number", () => {
    const spec = { ...SPEC, positionals: { usage: "[DIR]", max: 1 } };
    expect(parseCommandLine(spec, ["d1"], recorder()).positionals).toEqual(["d1"]);
    const io = recorder();
    expect(exitCode(() => parseCommandLine(spec, ["d1", "d2"], io))).toBe(2);
    expect(io.stderr[0]).toMatch(/^pnpm demo: unexpected extra argument "d2"/);
    expect(formatUsage(spec).split("\n")[0]).toBe("usage: pnpm demo -- [flags] [DIR]");
  });

  it("refuses a spec that declares --help itself", () => {
    expect(() => parseCommandLine({ command: "x", description: "", flags: { help: { type: "boolean", description: "" } } }, [])).toThrow(/--help is added/);
  });
});

describe("runCommand", () => {
  it("a UsageError from main prints the usage and exits 2; any other error prints one line and exits 1", async () => {
    let io = recorder();
    await expect(runCommand(SPEC, (v) => integerFlag("epochs", v.epochs, 5), ["--epochs", "2"], io)).rejects.toEqual(new Exit(2));
    expect(io.stderr[0]).toMatch(/^pnpm demo: --epochs: expected an integer >= 5, got "2"\n\nusage:/);
    io = recorder();
    await expect(runCommand(SPEC, () => Promise.reject(new Error("no such file x.csv")), [], io)).rejects.toEqual(new Exit(1));
    expect(io.stderr).toEqual(["pnpm demo: no such file x.csv"]);
    io = recorder();
    let ran = false;
    await runCommand(SPEC, () => { ran = true; }, [], io);
    expect(ran).toBe(true);
  });

  it("integerFlag and numberFlag convert or name the flag, the rule and the text", () => {
    expect(integerFlag("n", "12", 1)).toBe(12);
    expect(() => integerFlag("n", "1.5")).toThrow(new UsageError('--n: expected an integer, got "1.5"'));
    expect(() => integerFlag("n", "", 0)).toThrow(/expected an integer >= 0, got ""/);
    expect(numberFlag("lr", "3e-3", 0)).toBe(0.003);
    expect(() => numberFlag("lr", "0", 0)).toThrow('--lr: expected a number > 0, got "0"');
    expect(() => numberFlag("lr", "abc")).toThrow('--lr: expected a number, got "abc"');
  });
});

/** Every package.json script of the form `tsx FILE`: the commands a user types. */
function tsxScripts(): [string, string][] {
  const { scripts } = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { scripts: Record<string, string> };
  return Object.entries(scripts)
    .map(([name, cmd]): [string, string] | null => {
      const m = /^tsx (\S+\.ts)$/.exec(cmd);
      return m ? [name, m[1]] : null;
    })
    .filter((e): e is [string, string] => e !== null);
}

const run = promisify(execFile);

/** Runs a script as `pnpm NAME -- ARGS` does (node + tsx, with pnpm's "--"), never throwing. */
async function runScript(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", file, "--", ...args], { cwd: root, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Runs the jobs a few at a time (two cores, and each job is mostly tsx start-up). */
async function pool<T>(jobs: (() => Promise<T>)[], width = 3): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }));
  return results;
}

describe("every tsx script in package.json follows the convention", () => {
  it("`-- --help` prints a usage and exits 0; `-- --no-such-flag` prints the problem and the usage and exits 2, with no stack", async () => {
    const scripts = tsxScripts();
    expect(scripts.length).toBeGreaterThanOrEqual(10);
    const results = await pool(scripts.flatMap(([name, file]) => [
      async () => ({ name, kind: "help", ...(await runScript(file, ["--help"])) }),
      async () => ({ name, kind: "unknown", ...(await runScript(file, ["--no-such-flag"])) }),
    ]));
    const problems: string[] = [];
    for (const r of results) {
      const all = r.stdout + r.stderr;
      if (/\n\s+at .+:\d+:\d+/.test(all)) problems.push(`${r.name} ${r.kind}: printed a stack`);
      if (r.kind === "help" && (r.code !== 0 || !r.stdout.startsWith("usage: "))) problems.push(`${r.name} --help: exit ${r.code}, stdout ${JSON.stringify(r.stdout.slice(0, 80))}`);
      if (r.kind === "unknown" && (r.code !== 2 || !/Unknown option '--no-such-flag'/.test(r.stderr) || !r.stderr.includes("usage: "))) problems.push(`${r.name} --no-such-flag: exit ${r.code}, stderr ${JSON.stringify(r.stderr.slice(0, 120))}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
