/** Running a child process to completion without a shell, for the tools that plan another checkout. */
import { spawn } from "node:child_process";

/** Runs a command to completion, collecting its output; `abort` kills it (SIGKILL). */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  abort?: AbortSignal,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      ...(abort ? { signal: abort, killSignal: "SIGKILL" as const } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
