// `npm run policy -- --plan FILE [--config FILE]`: the policy pack, run offline over a plan.
// See policy/README.md and policy/runner/cli.ts.
import { main } from "../policy/runner/cli";

main(process.argv.slice(2), {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 3;
  },
);
