// Loads a Pulumi project's program exactly as `pulumi up -s <stack>` in that project's folder runs
// it, under the mock runtime, and prints what it registered. What it emulates, from the pinned
// @pulumi/pulumi (cmd/run/run.js) and the engine's program location (pkg/engine getPwdMain):
//   - where: Pulumi.yaml's `main` (none: the project folder and entry ".", a file: its folder and
//     its name); the program runs with that folder as its working directory;
//   - which file: entry "." means the `exports`/`main` of the nearest package.json above the folder
//     (for a project without its own package.json, the repository's);
//   - how: ts-node with type checking (transpileOnly only if the tsconfig sets noCheck), the
//     tsconfig.json of the working directory, the runtime's compiler option defaults;
//   - the exported value: a function is called, and the result (a Promise too) is awaited.
// The stack's config comes from the project's Pulumi.<stack>.yaml (none: no config); StackReferences
// read the outputs in an optional JSON file ({ "<org>/<project>/<stack>": { outputs,
// secretOutputNames } }). The mocks and the recording are the offline plan's own (tools/engine).
// Usage: node tools/entrypoint-check.cjs <project-folder> <stack> [<stack-references.json>]
"use strict";
const fs = require("fs");
const path = require("path");

const repoRoot = path.resolve(__dirname, "..");
const [projectArg = ".", stack = "dev", referencesFile] = process.argv.slice(2);
const projectDir = path.resolve(repoRoot, projectArg);
const { parse } = require("yaml");
const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"));

// Where the engine runs the program, and the entry point it passes.
let pwd = projectDir;
let entry = ".";
if (project.main) {
  const main = path.resolve(projectDir, project.main);
  if (fs.statSync(main).isDirectory()) pwd = main;
  else [pwd, entry] = [path.dirname(main), path.basename(main)];
}
process.chdir(pwd);

// Which file the nodejs runtime loads for that entry point.
let program = path.join(process.cwd(), entry);
const programDir =
  fs.existsSync(program) && fs.statSync(program).isDirectory() ? program : path.dirname(program);
let packageRoot = programDir;
for (let dir = programDir; ; dir = path.dirname(dir)) {
  if (fs.existsSync(path.join(dir, "package.json"))) {
    packageRoot = dir;
    break;
  }
  if (path.dirname(dir) === dir) break;
}
const packageFile = path.join(packageRoot, "package.json");
const packageObject = fs.existsSync(packageFile) ? JSON.parse(fs.readFileSync(packageFile, "utf8")) : {};
if (entry === ".") {
  const exported = packageObject.exports;
  const mainExport = typeof exported === "object" && exported !== null ? exported["."] : undefined;
  const declared =
    typeof exported === "string"
      ? exported
      : typeof mainExport === "string"
        ? mainExport
        : typeof mainExport === "object" && mainExport !== null
          ? mainExport.default || mainExport.require || mainExport.import
          : exported === undefined
            ? packageObject.main
            : undefined;
  if (declared && fs.existsSync(path.join(packageRoot, declared))) program = path.join(packageRoot, declared);
}

// How it compiles it: the runtime's ts-node registration.
if (project.runtime && project.runtime.options && project.runtime.options.typescript === false) {
  throw new Error(`${projectDir}/Pulumi.yaml: this check covers TypeScript projects only`);
}
const tsutils = require("@pulumi/pulumi/tsutils");
const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH || "tsconfig.json";
const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
const transpileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY
  ? process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true"
  : compilerOptions.noCheck;
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly,
  project: tsConfigPath,
  skipProject: !fs.existsSync(tsConfigPath),
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: "true",
    ...compilerOptions,
  },
});

const { runUnderMocks } = require(path.join(repoRoot, "tools/engine/run.ts"));
const { readStackFiles } = require(path.join(repoRoot, "tools/plan/stack-files.ts"));

async function main() {
  const files = fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))
    ? readStackFiles(projectDir, stack)
    : { project: project.name, config: {}, secretKeys: [] };
  const stackReferences = referencesFile ? JSON.parse(fs.readFileSync(referencesFile, "utf8")) : {};
  const run = await runUnderMocks({
    project: files.project,
    stack,
    config: files.config,
    secretKeys: files.secretKeys,
    stackReferences,
    program: () => {
      const programExport = require(fs.statSync(program).isDirectory() ? `${program}/` : program);
      return programExport instanceof Function ? programExport() : programExport;
    },
  });
  console.log(
    JSON.stringify({
      project: files.project,
      stack,
      program: path.relative(repoRoot, program).split(path.sep).join("/"),
      registered: run.resources.map((r) => r.urn).sort(),
      outputs: Object.keys(run.outputs)
        .filter((key) => run.outputs[key] !== undefined)
        .sort(),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
