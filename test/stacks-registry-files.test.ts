/**
 * The registry's own files and its error (stacks/resolve-registry.ts): the retired-DB list and the
 * defaults file when absent, empty, valid or wrong, invalid YAML anywhere, the order environments come
 * back in, and the message a refused registry prints. Literal expectations; the settings come from
 * the committed dev config through the resolver (no Pulumi mock runtime).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { environmentSettingsFromConfig } from "../stacks/environment-settings";
import {
  formatRegistryIssues,
  RegistryError,
  resolveRegistry,
  type Registry,
  type RegistrySource,
} from "../stacks/resolve-registry";
import { resolvedConfig } from "./support/raw-config";

const settings = environmentSettingsFromConfig(resolvedConfig("dev"));
const BASE = {
  owner: "mina.park@studio.example",
  team: "server",
  purpose: "integration",
  version: "1.42.0",
  gameDataVersion: "gd-2026.11.3",
  resourceVersion: "res-2026.11.1",
  redisDb: 5,
  created: "2026-11-01",
  expires: "2026-12-20",
};
const RETIRED = "environments/dev/retired-redis-dbs.yaml";
const DEFAULTS = "environments/dev/defaults.yaml";

function source(files: Record<string, unknown>, extra: Partial<RegistrySource> = {}): RegistrySource {
  return {
    tier: "dev",
    environments: new Map(
      Object.entries(files).map(([name, v]) => [
        name,
        { path: `environments/dev/${name}.yaml`, text: typeof v === "string" ? v : stringify(v) },
      ]),
    ),
    ...extra,
  };
}
const resolve = (
  files: Record<string, unknown>,
  extra: Partial<RegistrySource> = {},
  s = settings,
): Registry => resolveRegistry(source(files, extra), { settings: s, today: "2026-12-01" });
function problems(
  files: Record<string, unknown>,
  extra: Partial<RegistrySource> = {},
  s = settings,
): string[] {
  try {
    resolve(files, extra, s);
  } catch (err) {
    if (err instanceof RegistryError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  assert.fail("the registry was accepted");
}
const retired = (text: string) => ({ retired: { path: RETIRED, text } });
const defaults = (text: string) => ({ defaults: { path: DEFAULTS, text } });

describe("the registry's error", () => {
  it("lists every problem sorted by path, and counts them", () => {
    assert.equal(
      formatRegistryIssues("dev", [
        { path: "environments/dev/b.yaml: team", message: "two" },
        { path: "environments/dev/a.yaml: owner", message: "one" },
      ]),
      [
        'invalid environment registry for tier "dev" (2 problems; nothing was created or changed):',
        "  environments/dev/a.yaml: owner: one",
        "  environments/dev/b.yaml: team: two",
      ].join("\n"),
    );
    assert.equal(
      formatRegistryIssues("qa", [{ path: "environments/qa/x.yaml", message: "only" }]),
      'invalid environment registry for tier "qa" (1 problem; nothing was created or changed):\n  environments/qa/x.yaml: only',
    );
  });

  it("is a RegistryError carrying the tier, the issues and that message", () => {
    const issues = [{ path: "environments/dev/a.yaml: owner", message: "one" }];
    const err = new RegistryError("dev", issues);
    assert.equal(err.name, "RegistryError");
    assert.equal(err.tier, "dev");
    assert.deepEqual(err.issues, issues);
    assert.equal(
      err.message,
      'invalid environment registry for tier "dev" (1 problem; nothing was created or changed):\n  environments/dev/a.yaml: owner: one',
    );
  });
});

describe("registry files", () => {
  it("returns environments sorted by name, whatever order the files were read in", () => {
    const r = resolve({ zeta: BASE, alpha: { ...BASE, redisDb: 6 }, mid: { ...BASE, redisDb: 7 } });
    assert.deepEqual(
      r.environments.map((e) => e.name),
      ["alpha", "mid", "zeta"],
    );
  });

  it("without a retired list or defaults file, retires nothing and defaults nothing", () => {
    const r = resolve({ dev9: BASE });
    assert.deepEqual(r.retired, []);
    assert.deepEqual(r.defaults, {});
  });

  it("reads the defaults file: empty is none, valid is kept, each wrong key is named", () => {
    assert.deepEqual(resolve({}, defaults("")).defaults, {});
    assert.deepEqual(
      resolve({}, defaults(stringify({ gameDataVersion: "gd-1", resourceVersion: "res-2" }))).defaults,
      {
        gameDataVersion: "gd-1",
        resourceVersion: "res-2",
      },
    );
    assert.deepEqual(problems({}, defaults(stringify({ gameDataVersion: ".bad", colour: 1 }))), [
      `${DEFAULTS}: gameDataVersion: must be a version of at most 63 letters, digits, '_', '.' or '-', starting and ending alphanumeric`,
      `${DEFAULTS}: colour: unknown key; allowed: gameDataVersion, resourceVersion, compareUrl`,
    ]);
    assert.deepEqual(problems({}, defaults("- a\n")), [`${DEFAULTS}: must be an object, received array`]);
  });

  it("names the retired list's wrong entries by index, and a list that is no list by what it is", () => {
    assert.deepEqual(problems({}, retired(stringify(["x"]))), [
      `${RETIRED}: [0]: must be an object, received string`,
    ]);
    assert.deepEqual(
      problems({}, retired(stringify([{ db: "x", environment: "a", retired: "2026-10-01" }]))),
      [`${RETIRED}: [0].db: must be a number, received string`],
    );
    assert.deepEqual(problems({}, retired(stringify("x"))), [
      `${RETIRED}: must be a list of { db, environment, retired } entries, got the string "x"`,
    ]);
    assert.deepEqual(problems({}, retired("7")), [
      `${RETIRED}: must be a list of { db, environment, retired } entries, got the number 7`,
    ]);
  });

  it("reports invalid YAML once, with its line, in any registry file", () => {
    const yamlError = "Flow sequence in block collection must be sufficiently indented and end with a ]";
    assert.deepEqual(problems({ dev9: "owner: a\nteam: [\n" }), [
      `environments/dev/dev9.yaml: is not valid YAML (line 3): ${yamlError}`,
    ]);
    assert.deepEqual(problems({}, retired("- db: [\n")), [
      `${RETIRED}: is not valid YAML (line 2): ${yamlError}`,
    ]);
    assert.deepEqual(problems({}, defaults("a: [\n")), [
      `${DEFAULTS}: is not valid YAML (line 2): ${yamlError}`,
    ]);
  });

  it("checks Redis DB clashes only among numbers that passed", () => {
    assert.deepEqual(problems({ one: { ...BASE, redisDb: "x" }, two: { ...BASE, redisDb: "y" } }), [
      "environments/dev/one.yaml: redisDb: must be a number, received string",
      "environments/dev/two.yaml: redisDb: must be a number, received string",
    ]);
  });

  it("checks host names only when the deployment key passed", () => {
    const name = "a".repeat(40);
    // game-<40>-<20> is 66 characters, too long for a label with any deployment.
    const long = { ...settings, hostPattern: `{server}-{env}-${"b".repeat(20)}` };
    const found = problems({ [name]: { ...BASE, deployment: "purple" } }, {}, long);
    assert.equal(found.length, 1);
    assert.match(found[0]!, new RegExp(`^environments/dev/${name}\\.yaml: deployment: `));
  });
});
