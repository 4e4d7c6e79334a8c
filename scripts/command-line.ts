/**
 * The one command-line convention of every example, benchmark and tool: `pnpm X -- --flag value`,
 * `--help` prints the usage, and a wrong command line prints what was wrong plus the usage and
 * exits with status 2 — never a Node stack. node:util's parseArgs does the parsing; this module
 * adds the usage text (built from the same table as the parser, so it cannot drift), pnpm's
 * literal "--", and error reporting.
 */
import { parseArgs } from "node:util";

/** One flag: parseArgs's own settings plus what --help says about it. */
export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  default?: string | boolean;
  multiple?: boolean;
  /** Placeholder for the value in the usage, e.g. "N" or "PATH" (string flags; default "VALUE"). */
  value?: string;
  /** One line for --help. */
  description: string;
}

/** A command: how it is invoked, what it does, its flags and (optionally) its positional arguments. */
export interface CommandSpec<F extends Record<string, FlagSpec> = Record<string, FlagSpec>> {
  /** How a user runs it, e.g. "pnpm example:seq2seq". */
  command: string;
  /** One or two sentences for the top of --help. */
  description: string;
  flags: F;
  /** Positional arguments, e.g. { usage: "[DIR]", max: 1 }; without this, any positional is an error. */
  positionals?: { usage: string; max: number };
}

type FlagValue<S extends FlagSpec> = S["type"] extends "boolean" ? (S extends { multiple: true } ? boolean[] : boolean) : S extends { multiple: true } ? string[] : string;

/** The parsed flags: a flag with a default is always present, the others may be undefined. */
export type FlagValues<F extends Record<string, FlagSpec>> = {
  [K in keyof F]: F[K] extends { default: string | boolean } ? FlagValue<F[K]> : FlagValue<F[K]> | undefined;
};

/** Where usage and errors go and how the process ends; tests pass their own. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  exit: (code: number) => never;
}

const processIo: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  exit: (code) => process.exit(code),
};

/** A wrong command line: reported with the usage and exit status 2 instead of a stack. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The --help text: invocation line, description, then one aligned line per flag. */
export function formatUsage(spec: CommandSpec): string {
  const rows: [string, string][] = Object.entries(spec.flags).map(([name, flag]) => {
    const left = `${flag.short ? `-${flag.short}, ` : ""}--${name}${flag.type === "string" ? ` ${flag.value ?? "VALUE"}` : ""}`;
    const dflt = flag.default === undefined || flag.default === false ? "" : ` (default ${flag.default === true ? "on" : /^[^\s"]+$/.test(flag.default) ? flag.default : JSON.stringify(flag.default)})`;
    return [left, `${flag.description}${dflt}`];
  });
  rows.push(["-h, --help", "print this help and exit"]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const positional = spec.positionals ? ` ${spec.positionals.usage}` : "";
  return [
    `usage: ${spec.command} -- [flags]${positional}`,
    "",
    spec.description,
    "",
    "flags:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
  ].join("\n");
}

/**
 * Parses argv (default: this process's arguments) against the spec. --help prints the usage and
 * exits 0; an unknown flag, a missing value or a stray positional prints the problem and the usage
 * to stderr and exits 2.
 */
export function parseCommandLine<const F extends Record<string, FlagSpec>>(
  spec: CommandSpec<F>,
  argv: readonly string[] = process.argv.slice(2),
  io: CommandIo = processIo,
): { values: FlagValues<F>; positionals: string[] } {
  if ("help" in spec.flags) throw new Error(`${spec.command}: --help is added by parseCommandLine; do not declare it`);
  // pnpm 10 passes the "--" of `pnpm X -- --flag` through; parseArgs would then read every flag as
  // a positional. Only a leading one is pnpm's.
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean }> = { help: { type: "boolean", short: "h" } };
  for (const [name, { type, short, multiple, default: dflt }] of Object.entries(spec.flags)) {
    options[name] = { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}), ...(dflt === undefined ? {} : { default: dflt }) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    return usageFailure(spec, parseErrorMessage(err), io);
  }
  if (parsed.values.help) {
    io.out(formatUsage(spec));
    return io.exit(0);
  }
  const max = spec.positionals?.max ?? 0;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals.slice(max).map((p) => JSON.stringify(p)).join(", ");
    return usageFailure(spec, max === 0 ? `unexpected argument ${extra} (this command takes flags only)` : `unexpected extra argument ${extra}`, io);
  }
  delete parsed.values.help;
  return { values: parsed.values as FlagValues<F>, positionals: parsed.positionals };
}

/**
 * Runs a command's main function after parsing its command line. A UsageError (a flag value that
 * does not parse) prints the usage and exits 2; any other error prints "command: message" and
 * exits 1 — without a stack, unless DEBUG is set.
 */
export async function runCommand<const F extends Record<string, FlagSpec>>(
  spec: CommandSpec<F>,
  main: (values: FlagValues<F>, positionals: string[]) => unknown,
  argv: readonly string[] = process.argv.slice(2),
  io: CommandIo = processIo,
): Promise<void> {
  const { values, positionals } = parseCommandLine(spec, argv, io);
  try {
    await main(values, positionals);
  } catch (err) {
    if (err instanceof UsageError) usageFailure(spec, err.message, io);
    const message = err instanceof Error ? err.message : String(err);
    io.err(`${spec.command}: ${message}`);
    if (process.env.DEBUG && err instanceof Error && err.stack) io.err(err.stack);
    io.exit(1);
  }
}

/** A string flag as an integer >= min, or a UsageError naming the flag and what it got. */
export function integerFlag(name: string, text: string, min = Number.MIN_SAFE_INTEGER): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < min) throw new UsageError(`--${name}: expected an integer${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ""}, got ${JSON.stringify(text)}`);
  return n;
}

/** A string flag as a finite number greater than `above` (default: any finite number), or a UsageError. */
export function numberFlag(name: string, text: string, above = Number.NEGATIVE_INFINITY): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || !(n > above)) throw new UsageError(`--${name}: expected a number${above > Number.NEGATIVE_INFINITY ? ` > ${above}` : ""}, got ${JSON.stringify(text)}`);
  return n;
}

/** Reports a wrong command line (message, then the usage) on stderr and exits 2. */
export function usageFailure(spec: CommandSpec, message: string, io: CommandIo = processIo): never {
  io.err(`${spec.command}: ${message}\n\n${formatUsage(spec)}`);
  return io.exit(2);
}

/** parseArgs's messages are good but end in a hint meant for the script's author; keep the first sentence. */
function parseErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\. To specify a positional argument.*$/s, "").replace(/\s*\n.*$/s, "");
}
