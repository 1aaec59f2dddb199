// Loads index.ts exactly as the Pulumi nodejs runtime does for `pulumi up` (ts-node with type
// checking, the project's tsconfig, the runtime's compiler option defaults), under the mock
// runtime with a stack's committed config, and prints how many resources it registered.
// Usage: node tools/entrypoint-check.cjs <stack>
"use strict";
const path = require("path");
const root = path.resolve(__dirname, "..");
const stack = process.argv[2] || "dev";
const tsconfig = path.join(root, "tsconfig.json");
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: undefined, // ts-node's default: type check, as `pulumi up` does
  project: tsconfig,
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: "true",
    ...tsutils.loadTypeScriptCompilerOptions(tsconfig),
  },
});
const pulumi = require("@pulumi/pulumi");
const { readStackFiles } = require("./plan/stack-files.ts");
const { mockCallResult, mockResourceState } = require("./engine/mock-outputs.ts");

async function main() {
  const files = readStackFiles(root, stack);
  const region = files.config["aws:region"] || "eu-west-1";
  let registered = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered++;
        return { id: `${args.name}-id`, state: mockResourceState(args, region) };
      },
      call: (args) => mockCallResult(args, region),
    },
    files.project,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(files.config, files.secretKeys);
  const outputs = require(path.join(root, "index.ts"));
  await pulumi.runtime.disconnect();
  console.log(JSON.stringify({ stack, registered, outputs: Object.keys(outputs).sort() }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
