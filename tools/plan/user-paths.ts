/**
 * File paths as the user typed them. `npm run <script>` runs the script in the package root, not in
 * the directory the user ran npm in; npm keeps that directory in `INIT_CWD` (docs of
 * `npm run-script`: "the INIT_CWD environment variable, which holds the full path you were in when
 * you ran npm run") and names the script in `npm_lifecycle_event`. A relative `--json out.json`
 * typed in `docs/` belongs in `docs/`.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The directory relative paths on `script`'s command line start from: `INIT_CWD` when npm runs
 * that script, else the current directory. The script check matters: a script started some other
 * way (a test run by `npm test`) inherits a stale `INIT_CWD` that is not its user's directory.
 */
export function userDirectory(
  script: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  return env.npm_lifecycle_event === script && env.INIT_CWD ? env.INIT_CWD : cwd;
}

/** Why `file` cannot be written, or undefined when it can (its folder exists and is writable). */
export function unwritableReason(file: string): string | undefined {
  const dir = dirname(file);
  if (!existsSync(dir)) return `the directory ${dir} does not exist`;
  if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
  const exists = existsSync(file);
  if (exists && statSync(file).isDirectory()) return `${file} is a directory`;
  try {
    accessSync(exists ? file : dir, constants.W_OK);
  } catch {
    return exists ? `${file} is not writable` : `the directory ${dir} is not writable`;
  }
  return undefined;
}
