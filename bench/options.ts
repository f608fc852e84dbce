/**
 * Options of a benchmark module: `npm run bench -- load --clients 50 --seconds=20` (bench/run.ts leaves
 * `--name value` and `--name=value` out of the module names), else an environment variable, else the default.
 * Not a benchmark module (no `run` export).
 */

/** The module names among bench/run.ts's arguments: everything that is not an option or an option's value. */
export function moduleNames(args: string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      if (!a.includes('=') && i + 1 < args.length && !args[i + 1]!.startsWith('--')) i++;
      continue;
    }
    names.push(a);
  }
  return names;
}

/** `--name value` or `--name=value` in the arguments, else `process.env[envName]`, else undefined. */
export function optionText(name: string, envName: string, args = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return process.env[envName];
}

/** A positive number option (see optionText); anything else is refused with the option's name. */
export function numberOption(name: string, envName: string, fallback: number, args?: string[]): number {
  const text = optionText(name, envName, args);
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} (${envName}): a positive number, not ${text}`);
  return n;
}
