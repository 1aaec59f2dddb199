// The offline runner's command line: `npm run policy` in child processes, its exit codes, paths and
// messages. An end-to-end suite (tools/test.ts E2E_FILES, npm run test:e2e).
import "./suites/cli";
