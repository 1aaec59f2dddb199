// Entry point for the offline runner: engine-equivalent arguments, parity with the engine's own
// analyzer and config resolution (see pack.test.ts for why suites share entries). The command line,
// which runs the npm script in child processes, is policy/test/cli.test.ts (npm run test:e2e).
import "./suites/engine-args";
import "./suites/engine-parity";
import "./suites/config";
