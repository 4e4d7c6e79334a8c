/** Command-line helpers shared by the examples' entry points. */

/**
 * `pnpm start -- --epochs 3` hands the script a literal "--" first (pnpm 10 passes it through);
 * parseArgs would then treat every flag as a positional and refuse them. Drop that one marker.
 */
export function withoutLeadingDashes(argv: readonly string[]): string[] {
  return argv[0] === "--" ? argv.slice(1) : [...argv];
}
