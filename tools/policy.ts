// `npm run policy -- --plan FILE [--baseline FILE] [--config FILE]`: the policy pack, run offline
// over a plan. See policy/README.md and policy/runner/cli.ts.
import { main } from "../policy/runner/cli";
import { userDirectory } from "./plan/user-paths";

main(
  process.argv.slice(2),
  {
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  },
  // Relative paths are the user's, not the package root npm runs the script in.
  { cwd: userDirectory("policy") },
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 3;
  },
);
