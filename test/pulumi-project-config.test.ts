/**
 * Every Pulumi project in the repository, with each of its stacks, passes the checks the Pulumi CLI
 * makes on config before it runs a program (rules in test/support/pulumi-project-config.ts, written
 * from the CLI's source). A project whose stacks have no settings file (stacks created by
 * automation) must then work with no stack config at all: every key it declares needs a default.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { ROOT } from "./paths";
import {
  configValueMatches,
  projectConfigProblems,
  stackConfigProblems,
  type StackSettings,
} from "./support/pulumi-project-config";

/** Folders that never hold a project of this repository. */
const SKIP = new Set(["node_modules", ".git", "bin", "plans", ".plan-tmp"]);
/** The names the CLI looks for (`encoding.Exts`: .json, .yaml and .yml). */
const PROJECT_FILE = /^Pulumi\.(ya?ml|json)$/;

function projectFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return SKIP.has(entry) ? [] : projectFiles(path);
    return PROJECT_FILE.test(entry) ? [path] : [];
  });
}

interface Project {
  readonly file: string;
  readonly name: string;
  readonly config: unknown;
  /** Stack name to settings, from `Pulumi.<stack><ext>` where the CLI looks for them. */
  readonly stacks: ReadonlyMap<string, StackSettings>;
}

function readProject(file: string): Project {
  const doc = parse(readFileSync(file, "utf8")) as {
    name?: string;
    config?: unknown;
    stackConfigDir?: string;
  };
  assert.ok(doc.name, `${file}: a project needs a name`);
  // `ProjectStackPath`: Pulumi.<stack><same extension as the project file>, in stackConfigDir if set.
  const ext = extname(file);
  const stackDir = doc.stackConfigDir ? join(dirname(file), doc.stackConfigDir) : dirname(file);
  const stacks = new Map<string, StackSettings>();
  for (const entry of readdirSync(stackDir)) {
    if (!entry.startsWith("Pulumi.") || !entry.endsWith(ext) || PROJECT_FILE.test(entry)) continue;
    const stack = entry.slice("Pulumi.".length, -ext.length);
    stacks.set(stack, (parse(readFileSync(join(stackDir, entry), "utf8")) ?? {}) as StackSettings);
  }
  return { file, name: doc.name, config: doc.config, stacks };
}

describe("Pulumi project config, as the CLI checks it", () => {
  const projects = projectFiles(ROOT).map(readProject);

  it("finds the repository's projects, the root one with its stacks", () => {
    const root = projects.find((p) => p.file === join(ROOT, "Pulumi.yaml"));
    assert.ok(root, "the root Pulumi.yaml");
    assert.deepEqual([...root.stacks.keys()].sort(), ["dev", "qa", "stage"]);
  });

  it("every project and every stack passes the CLI's config checks", () => {
    const problems = projects.flatMap((p) => {
      const where = relative(ROOT, p.file);
      const own = projectConfigProblems(p.name, p.config).map((m) => `${where}: ${m}`);
      if (own.length > 0) return own;
      // Stacks without a settings file (e.g. created by the Automation API) get no stack config.
      const stacks: [string, StackSettings | undefined][] =
        p.stacks.size > 0 ? [...p.stacks] : [["<any stack without a settings file>", undefined]];
      return stacks.flatMap(([stack, settings]) =>
        stackConfigProblems(p.name, p.config, stack, settings).map((m) => `${where} (${stack}): ${m}`),
      );
    });
    assert.deepEqual(problems, []);
  });

  it("the root project leaves tier undeclared, so a stack that does not set it still runs", () => {
    const root = readProject(join(ROOT, "Pulumi.yaml"));
    assert.equal((root.config as Record<string, unknown>).tier, undefined);
    const settings = { config: { ...root.stacks.get("dev")!.config } };
    delete settings.config["game-infra:tier"];
    assert.deepEqual(stackConfigProblems(root.name, root.config, "dev", settings), []);
  });
});

describe("the CLI's config rules (negative cases)", () => {
  const domain = { type: "string", description: "DNS name" };

  it("a declared project key with neither default nor stack value is missing (the first-deploy failure)", () => {
    const config = { tier: { type: "string", description: "tier" }, domain };
    assert.deepEqual(
      stackConfigProblems("game-infra", config, "dev", { config: { "game-infra:domain": "a.b" } }),
      ["Stack 'dev' is missing configuration value 'tier'"],
    );
    assert.deepEqual(stackConfigProblems("game-infra", config, "dev", undefined), [
      "Stack 'dev' is missing configuration values 'domain' and 'tier'",
    ]);
  });

  it("the same key passes with a stack value or with a default (which the CLI then applies)", () => {
    const config = { tier: { type: "string" } };
    assert.deepEqual(stackConfigProblems("p", config, "dev", { config: { "p:tier": "qa" } }), []);
    assert.deepEqual(
      stackConfigProblems("p", { tier: { type: "string", default: "dev" } }, "dev", undefined),
      [],
    );
    // Shorthand: a bare value under a project key is its default.
    assert.deepEqual(stackConfigProblems("p", { tier: "dev" }, "dev", undefined), []);
  });

  it("a value of the wrong type fails, as the CLI's type check words it", () => {
    const config = {
      replicas: { type: "integer" },
      enabled: { type: "boolean" },
      cidrs: { type: "array", items: { type: "string" } },
    };
    const ok = { "p:replicas": 3, "p:enabled": true, "p:cidrs": ["10.0.0.0/16"] };
    assert.deepEqual(stackConfigProblems("p", config, "s", { config: ok }), []);
    assert.deepEqual(stackConfigProblems("p", config, "s", { config: { ...ok, "p:replicas": "three" } }), [
      "Stack 's' with configuration key 'replicas' must be of type 'integer'",
    ]);
    assert.deepEqual(stackConfigProblems("p", config, "s", { config: { ...ok, "p:enabled": "yes" } }), [
      "Stack 's' with configuration key 'enabled' must be of type 'boolean'",
    ]);
    assert.deepEqual(stackConfigProblems("p", config, "s", { config: { ...ok, "p:cidrs": [1, 2] } }), [
      "Stack 's' with configuration key 'cidrs' must be of type 'array<string>'",
    ]);
    // A map where a string is declared: structured values reach the check as JSON.
    assert.deepEqual(stackConfigProblems("p", { domain }, "s", { config: { "p:domain": { a: 1 } } }), [
      "Stack 's' with configuration key 'domain' must be of type 'string'",
    ]);
  });

  it("scalars reach the type check as text, so a YAML number satisfies a string key", () => {
    assert.deepEqual(stackConfigProblems("p", { domain }, "s", { config: { "p:domain": 42 } }), []);
    assert.equal(configValueMatches("integer", undefined, "42"), true);
    assert.equal(configValueMatches("integer", undefined, "4.2"), false);
    assert.equal(configValueMatches("boolean", undefined, "false"), true);
  });

  it("a default must be of the declared type, and arrays need items", () => {
    assert.deepEqual(projectConfigProblems("p", { n: { type: "integer", default: "x" } }), [
      "The default value specified for configuration key 'n' is not of the expected type 'integer'",
    ]);
    assert.deepEqual(projectConfigProblems("p", { l: { type: "array" } }), [
      "The configuration key 'l' declares an array but does not specify the underlying type via the 'items' attribute",
    ]);
    assert.deepEqual(projectConfigProblems("p", { t: { type: "map" } }), [
      "t: type must be one of string, integer, boolean, array, object",
    ]);
    assert.deepEqual(projectConfigProblems("p", { t: { type: "string", default: "a", value: "b" } }), [
      "project config 't' cannot have both a 'default' and 'value' attribute",
    ]);
    assert.deepEqual(projectConfigProblems("p", { t: { type: "string", required: true } }), [
      "t: 'required' not allowed (only type, items, description, secret, default, value)",
    ]);
  });

  it("keys of another namespace are never required, take a value, and no type or default", () => {
    assert.deepEqual(stackConfigProblems("p", { "aws:region": { value: "eu-west-1" } }, "s", undefined), []);
    assert.deepEqual(stackConfigProblems("p", { "aws:region": "eu-west-1" }, "s", undefined), []);
    assert.deepEqual(projectConfigProblems("p", { "aws:region": { type: "string" } }), [
      "Configuration key 'aws:region' is not namespaced by the project and should not define a type",
    ]);
    assert.deepEqual(projectConfigProblems("p", { "aws:region": { default: "eu-west-1" } }), [
      "Configuration key 'aws:region' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
    ]);
    // Written with the project's own namespace, a key is a project key: required without a default.
    assert.deepEqual(stackConfigProblems("p", { "p:tier": { type: "string" } }, "s", undefined), [
      "Stack 's' is missing configuration value 'p:tier'",
    ]);
  });

  it("a secret key must be encrypted in the stack, and stack keys need a namespace", () => {
    const config = { token: { type: "string", secret: true } };
    assert.deepEqual(stackConfigProblems("p", config, "s", { config: { "p:token": "plain" } }), [
      "Stack 's' with configuration key 'token' must be encrypted as it's secret",
    ]);
    assert.deepEqual(
      stackConfigProblems("p", config, "s", { config: { "p:token": { secure: "v1:abc" } } }),
      [],
    );
    assert.deepEqual(stackConfigProblems("p", {}, "s", { config: { region: "eu-west-1" } }), [
      "Stack 's': could not parse region as a configuration key (configuration keys should be of the form `<namespace>:<name>`)",
    ]);
  });
});
