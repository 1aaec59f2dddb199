/**
 * `npm test`'s static checks, side by side: strict `tsc`, ESLint (type-aware, so it parses the
 * program again) and Prettier. Run one after the other they took about 70 s of the three minutes
 * `npm test` may take on a 2-core machine; together about 40 s. Each one's output is printed whole
 * when it ends, and the run fails when any of them does.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(__dirname, "..");

/** The checks, as `npm run typecheck` and `npm run lint` run them. */
export const CHECKS: ReadonlyArray<{
  readonly name: string;
  readonly bin: string;
  readonly args: readonly string[];
}> = [
  { name: "typecheck (tsc)", bin: "tsc", args: ["--noEmit", "-p", "tsconfig.json"] },
  { name: "lint (eslint)", bin: "eslint", args: ["."] },
  { name: "format (prettier --check)", bin: "prettier", args: ["--check", "."] },
];

function run(check: (typeof CHECKS)[number]): Promise<{ name: string; code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(resolve(ROOT, "node_modules", ".bin", check.bin), [...check.args], { cwd: ROOT });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (err) => done({ name: check.name, code: 1, output: `${output}${err.message}\n` }));
    child.on("close", (code) => done({ name: check.name, code: code ?? 1, output }));
  });
}

async function main(): Promise<number> {
  const results = await Promise.all(CHECKS.map(run));
  for (const r of results) {
    process.stdout.write(`> ${r.name}: ${r.code === 0 ? "ok" : `failed (exit ${r.code})`}\n`);
    if (r.code !== 0 || r.output.trim() !== "")
      process.stdout.write(r.output.endsWith("\n") ? r.output : `${r.output}\n`);
  }
  return results.some((r) => r.code !== 0) ? 1 : 0;
}

if (require.main === module) void main().then((code) => (process.exitCode = code));
