/**
 * The launcher's image, without Docker (none on these machines; the image is not built here): the
 * Dockerfile parsed and held to the contract the Deployment uses (lib/launcher-contract.ts), to the
 * vendored base image digest (upstream/node-image/), and to what the launcher's code imports; the
 * build context (.dockerignore); and the workflow that builds and pushes it, whose shell steps are
 * run here as GitHub would run them.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { build } from "esbuild";
import { parse } from "yaml";
import {
  LAUNCHER_APP_DIR,
  LAUNCHER_COMMAND,
  LAUNCHER_GID,
  LAUNCHER_HOME,
  LAUNCHER_IMAGE_PLATFORM,
  LAUNCHER_PORT,
  LAUNCHER_STATE_DIR,
  LAUNCHER_UID,
} from "../lib/launcher-contract";
import { parseDigestPinnedImage } from "../lib/launcher-image";
import { configIssues, loadConfig, ROOT } from "./harness";

/** One Dockerfile instruction: its keyword and its arguments, continuation lines joined. */
interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Parses a Dockerfile the way the builder reads it: comments dropped, `\` continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (pending === "" && (line.trim() === "" || line.trimStart().startsWith("#"))) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = `${pending}${line}`.trim();
    pending = "";
    const match = /^([A-Za-z]+)\s+([\s\S]*)$/.exec(full);
    assert.ok(match, `not an instruction: ${full}`);
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.replace(/\s+/g, " ").trim() });
  }
  assert.equal(pending, "", "the Dockerfile ends inside a continued line");
  return instructions;
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const at = (keyword: string, pattern: RegExp = /./) =>
  dockerfile.findIndex((i) => i.keyword === keyword && pattern.test(i.args));
const all = (keyword: string) => dockerfile.filter((i) => i.keyword === keyword);
const execForm = (keyword: string): string[] => {
  const found = all(keyword);
  assert.equal(found.length, 1, `one ${keyword}`);
  return JSON.parse(found[0]!.args) as string[];
};

/** The image a FROM names, with `${ARG}` defaults substituted from ARG lines before it. */
function fromImages(): string[] {
  const args = new Map<string, string>();
  const images: string[] = [];
  for (const i of dockerfile) {
    if (i.keyword === "ARG") {
      const [name, value] = i.args.split("=", 2);
      if (value !== undefined) args.set(name!, value);
    }
    if (i.keyword === "FROM") {
      const image = i.args
        .split(" ")[0]!
        .replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args.get(a ?? b) ?? "");
      images.push(image);
    }
  }
  return images;
}

/** The `.dockerignore` patterns, in order. */
const dockerignore = readFileSync(join(ROOT, ".dockerignore"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));

/** Whether the build context holds `path` (top-level file or directory) under `.dockerignore`'s rules. */
function inBuildContext(path: string): boolean {
  let included = true;
  for (const pattern of dockerignore) {
    const negated = pattern.startsWith("!");
    const body = (negated ? pattern.slice(1) : pattern).replace(/\/$/, "");
    const matches = body === "*" || body === path || (body.startsWith("**/") && path.endsWith(body.slice(3)));
    if (matches) included = negated;
  }
  return included;
}

/** `COPY <sources...> <dest>` lines (not `--from`), as source lists. */
function copiedSources(): string[] {
  return all("COPY")
    .filter((i) => !i.args.startsWith("--from"))
    .flatMap((i) => i.args.split(" ").slice(0, -1));
}

/** Every .ts file under `dir`. */
function typescriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return typescriptFiles(full);
    return entry.endsWith(".ts") && !entry.endsWith(".test.ts") ? [full] : [];
  });
}

/** What the launcher's code imports: the repository's top-level paths and the npm packages. */
async function launcherImportClosure(): Promise<{ paths: Set<string>; packages: Set<string> }> {
  const result = await build({
    entryPoints: typescriptFiles(join(ROOT, "launcher")),
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    packages: "external",
    write: false,
    metafile: true,
    outdir: join(tmpdir(), "launcher-closure"),
    logLevel: "silent",
  });
  const paths = new Set(
    Object.keys(result.metafile.inputs).map((p) => relative(ROOT, join(ROOT, p)).split("/")[0]!),
  );
  const packages = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || imported.path.startsWith("node:")) continue;
      const parts = imported.path.split("/");
      packages.add(imported.path.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return { paths, packages };
}

const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

describe("the launcher's Dockerfile", () => {
  it("builds from node:22-bookworm-slim pinned by the digest docker-library/repo-info publishes, never latest", () => {
    const excerpt = readFileSync(
      join(ROOT, "upstream", "node-image", "22-bookworm-slim.repo-info.excerpt.md"),
      "utf8",
    );
    const index =
      /^## `node:22-bookworm-slim`\n\n```console\n\$ docker pull node@(sha256:[0-9a-f]{64})/m.exec(
        excerpt,
      )?.[1];
    assert.ok(index, "the excerpt names the index digest");
    assert.deepEqual(fromImages(), [`node:22-bookworm-slim@${index}`]);
    assert.equal(dockerfile[0]!.keyword, "ARG", "the base image is a build argument, so a bump is one line");
    assert.doesNotMatch(readFileSync(join(ROOT, "Dockerfile"), "utf8"), /:latest\b/);
    // The index must have the platform the workflow builds.
    const [os, arch] = LAUNCHER_IMAGE_PLATFORM.split("/");
    assert.match(excerpt, new RegExp(`^\\t-\\t${os}; ${arch}$`, "m"));
  });

  it("installs the dependencies from the lock file before copying the sources, runtime dependencies only, without install scripts", () => {
    const lock = at("COPY", /\bpackage-lock\.json\b/);
    const install = at("RUN", /\bnpm ci\b/);
    assert.ok(lock >= 0 && lock < install, "COPY package-lock.json, then npm ci");
    assert.ok(install < at("COPY", /^launcher /), "sources come after the dependency layer");
    const ci = dockerfile[install]!.args;
    assert.match(ci, /--omit=dev/);
    assert.match(ci, /--ignore-scripts/);
    assert.equal(at("RUN", /\bnpm (install|i) /), -1, "npm ci only: the lock file decides every version");
    // npm ci refuses a workspace root whose workspace manifests are missing.
    assert.ok(at("COPY", /^policy\/package\.json /) < install);
  });

  it("installs git, ssh and the CA store without recommended extras, and leaves no apt lists behind", () => {
    const apt = dockerfile[at("RUN", /apt-get install/)]!.args;
    for (const pkg of ["git", "openssh-client", "ca-certificates", "tini"]) {
      assert.match(apt, new RegExp(`\\s${pkg}(\\s|$)`), pkg);
    }
    assert.match(apt, /--no-install-recommends/);
    assert.match(apt, /rm -rf \/var\/lib\/apt\/lists\/\*/);
  });

  it("runs as the contract's numeric non-root user, which exists in /etc/passwd for ssh", () => {
    const users = all("USER");
    assert.deepEqual(
      users.map((u) => u.args),
      [`${LAUNCHER_UID}:${LAUNCHER_GID}`],
    );
    assert.notEqual(LAUNCHER_UID, 0);
    assert.ok(
      at("USER") > Math.max(...dockerfile.map((i, n) => (i.keyword === "RUN" ? n : -1))),
      "no RUN as that user",
    );
    const useradd = dockerfile[at("RUN", /useradd/)]!.args;
    assert.match(useradd, new RegExp(`groupadd --gid ${LAUNCHER_GID} `));
    assert.match(
      useradd,
      new RegExp(`useradd --uid ${LAUNCHER_UID} --gid ${LAUNCHER_GID} --home-dir ${LAUNCHER_HOME} `),
    );
    assert.match(
      useradd,
      new RegExp(`install -d -o ${LAUNCHER_UID} -g ${LAUNCHER_GID} ${LAUNCHER_STATE_DIR}$`),
    );
  });

  it("sets HOME to the contract's writable path, works in the contract's app directory and exposes its port", () => {
    assert.match(
      all("ENV")
        .map((e) => e.args)
        .join(" "),
      new RegExp(`(^| )HOME=${LAUNCHER_HOME}( |$)`),
    );
    assert.deepEqual(
      all("WORKDIR").map((w) => w.args),
      [LAUNCHER_APP_DIR],
    );
    assert.deepEqual(
      all("EXPOSE").map((e) => e.args),
      [String(LAUNCHER_PORT)],
    );
  });

  it("starts the server with the contract's command under tini, and has no HEALTHCHECK", () => {
    assert.deepEqual(execForm("ENTRYPOINT"), ["/usr/bin/tini", "--"]);
    assert.deepEqual(execForm("CMD"), [...LAUNCHER_COMMAND]);
    assert.deepEqual(all("HEALTHCHECK"), [], "Kubernetes probes the pod");
  });

  it("copies every part of the repository the launcher's code imports, and the build context holds it", async () => {
    const { paths } = await launcherImportClosure();
    assert.ok(paths.has("launcher") && paths.has("lib") && paths.has("stacks"), [...paths].join(", "));
    const copied = copiedSources();
    for (const path of paths) {
      assert.ok(copied.includes(path), `the Dockerfile copies ${path}/ (the launcher imports from it)`);
    }
    for (const source of copied)
      assert.ok(inBuildContext(source), `.dockerignore lets ${source} into the context`);
    for (const kept of [".git", "test", "plans", "docs", "environments", "node_modules", ".env"]) {
      assert.ok(!inBuildContext(kept), `${kept} stays out of the build context`);
    }
  });

  it("finds every package the launcher's code imports among the runtime dependencies npm ci --omit=dev installs", async () => {
    const { packages } = await launcherImportClosure();
    assert.ok(packages.size > 0);
    for (const pkg of packages) {
      assert.ok(
        packageJson.dependencies[pkg],
        `${pkg} is a dependency (devDependencies are not in the image)`,
      );
    }
    assert.ok(packageJson.dependencies.tsx, "tsx runs the TypeScript in the image");
    assert.equal(packageJson.devDependencies.tsx, undefined);
  });

  it(
    "runs `npm run launcher` with a binary the image has",
    {
      todo: packageJson.scripts.launcher
        ? false
        : "package.json has no launcher script yet: the server's engineers add it (npm run launcher -- --repo PATH --port N)",
    },
    () => {
      const script = packageJson.scripts.launcher;
      assert.ok(script, "package.json has a launcher script");
      const binary = script.split(" ")[0]!;
      assert.ok(binary === "node" || packageJson.dependencies[binary], `${binary} is a runtime dependency`);
    },
  );
});

interface WorkflowStep {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

const workflow = parse(readFileSync(join(ROOT, ".github", "workflows", "launcher-image.yml"), "utf8")) as {
  on: { push: { branches: string[]; paths: string[] } };
  permissions: Record<string, string>;
  jobs: Record<
    string,
    { "runs-on": string; permissions: Record<string, string>; steps: WorkflowStep[]; if: string }
  >;
};
const job = workflow.jobs.image!;
const step = (prefix: string) => {
  const found = job.steps.find((s) => s.uses?.startsWith(prefix) || s.name === prefix);
  assert.ok(found, `a step ${prefix}`);
  return found;
};

/** Runs a workflow step's script with bash, as a GitHub-hosted runner would; returns the files it wrote. */
function runStep(
  s: WorkflowStep,
  env: Record<string, string>,
): { status: number; output: string; summary: string } {
  const dir = mkdtempSync(join(tmpdir(), "launcher-image-step-"));
  const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary") };
  let status = 0;
  try {
    execFileSync("bash", ["-e", "-c", s.run!], {
      env: { PATH: process.env.PATH, ...env, ...files },
      stdio: "pipe",
    });
  } catch (err) {
    status = (err as { status: number }).status;
  }
  const read = (f: string) => {
    try {
      return readFileSync(f, "utf8");
    } catch {
      return "";
    }
  };
  return { status, output: read(files.GITHUB_OUTPUT), summary: read(files.GITHUB_STEP_SUMMARY) };
}

const DEV_REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-dev/launcher";
const QA_REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-qa/launcher";
const DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

describe("the launcher image workflow", () => {
  it("runs on merges to main that change anything the image copies", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    const paths = workflow.on.push.paths;
    for (const source of copiedSources()) {
      const isDir = statSync(join(ROOT, source)).isDirectory();
      assert.ok(paths.includes(isDir ? `${source}/**` : source), `paths include ${source}`);
    }
    for (const file of ["Dockerfile", ".dockerignore", ".github/workflows/launcher-image.yml"]) {
      assert.ok(paths.includes(file), file);
    }
  });

  it("builds on a GitHub-hosted runner with GitHub's OIDC token for the role in vars.AWS_ROLE_ARN, and logs in to ECR", () => {
    assert.equal(job["runs-on"], "ubuntu-latest");
    assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
    assert.deepEqual(workflow.permissions, { contents: "read" });
    const order = [
      "actions/checkout@",
      "aws-actions/configure-aws-credentials@",
      "aws-actions/amazon-ecr-login@",
      "docker/build-push-action@",
    ].map((p) => job.steps.indexOf(step(p)));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      "checkout, credentials, ECR login, build",
    );
    assert.deepEqual(step("aws-actions/configure-aws-credentials@").with, {
      "role-to-assume": "${{ vars.AWS_ROLE_ARN }}",
      "aws-region": "${{ vars.AWS_REGION }}",
    });
    assert.match(job.if, /vars\.AWS_ROLE_ARN != ''/);
  });

  it("builds the Dockerfile for the system pool's platform and pushes one image manifest with the computed tags", () => {
    const buildStep = step("docker/build-push-action@");
    assert.equal(buildStep.id, "build");
    assert.equal(buildStep.with?.file, "Dockerfile");
    assert.equal(buildStep.with?.context, ".");
    assert.equal(buildStep.with?.platforms, LAUNCHER_IMAGE_PLATFORM);
    assert.equal(buildStep.with?.push, true);
    assert.equal(buildStep.with?.provenance, false);
    assert.equal(buildStep.with?.tags, "${{ steps.tags.outputs.tags }}");
  });

  it("tags the image sha-<commit> in every configured repository, and refuses anything but an ECR repository URL", () => {
    const tags = step("Image tags");
    const ok = runStep(tags, { REPOSITORIES: `${DEV_REPOSITORY}\n${QA_REPOSITORY}`, COMMIT: "0123abc" });
    assert.equal(ok.status, 0);
    assert.equal(ok.output, `tags<<EOF\n${DEV_REPOSITORY}:sha-0123abc\n${QA_REPOSITORY}:sha-0123abc\nEOF\n`);
    const bad = runStep(tags, { REPOSITORIES: "docker.io/someone/launcher", COMMIT: "0123abc" });
    assert.notEqual(bad.status, 0);
  });

  it("prints, per repository, the digest reference a stack's launcher.image accepts", async () => {
    const print = step("Print the digest to pin");
    assert.deepEqual(print.env, {
      DIGEST: "${{ steps.build.outputs.digest }}",
      REPOSITORIES: "${{ vars.LAUNCHER_IMAGE_REPOSITORIES }}",
    });
    const { status, summary } = runStep(print, {
      DIGEST,
      REPOSITORIES: `${DEV_REPOSITORY} ${QA_REPOSITORY}`,
    });
    assert.equal(status, 0);
    const commands = [
      ...summary.matchAll(
        /^pulumi config set --path 'game-infra:launcher\.image' '([^']+)' --stack <stack>$/gm,
      ),
    ].map((m) => m[1]!);
    assert.deepEqual(commands, [`${DEV_REPOSITORY}@${DIGEST}`, `${QA_REPOSITORY}@${DIGEST}`]);
    assert.deepEqual(parseDigestPinnedImage(commands[0]!), { repository: DEV_REPOSITORY, digest: DIGEST });
    const dev = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, Record<string, unknown>>;
    };
    const launcher = { ...dev.config["game-infra:launcher"], image: commands[0] };
    assert.equal((await loadConfig("dev", { launcher })).launcher?.image, commands[0]);
    // The qa repository's reference is refused by dev: each stack pins its own repository.
    const issues = await configIssues("dev", { launcher: { ...launcher, image: commands[1] } });
    assert.deepEqual(
      issues.map((i) => i.path),
      ["launcher.image"],
    );
  });
});
