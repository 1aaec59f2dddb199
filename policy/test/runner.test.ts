// Entry point for the offline runner: engine-equivalent arguments, parity with the engine's own
// analyzer, config resolution and the command line (see pack.test.ts for why suites share entries).
import "./suites/engine-args";
import "./suites/engine-parity";
import "./suites/config";
import "./suites/cli";
