// The pack's promises about itself: every catalogue row is covered, every policy is tested both
// ways, descriptions name their sources, and the README's table matches the code and tier configs.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import { type CatalogueId, catalogue, leftOut } from "../../catalogue";
import { policies } from "../../pack";
import { readConfigFile, resolveConfig, tierConfigFile } from "../../runner/config";
import { dataStoreCases } from "../cases/data-stores";
import { eksCases } from "../cases/eks";
import { environmentStackRuleCases } from "../cases/environment-stacks";
import { gameCases } from "../cases/game";
import { karpenterCases } from "../cases/karpenter";
import { kubernetesReliabilityCases } from "../cases/kubernetes-reliability";
import { kubernetesSecurityCases } from "../cases/kubernetes-security";
import { launcherCases } from "../cases/launcher";
import { networkCases } from "../cases/network";

const allCases = [
  ...eksCases,
  ...dataStoreCases,
  ...networkCases,
  ...kubernetesSecurityCases,
  ...kubernetesReliabilityCases,
  ...gameCases,
  ...karpenterCases,
  ...environmentStackRuleCases,
  ...launcherCases,
];
const policyDir = path.resolve(__dirname, "..", "..");

test("every policy has a case that must violate and a case that must pass", () => {
  const missing = policies.flatMap((p) => {
    const cases = allCases.filter((c) => c.policy === p.name);
    return [
      ...(cases.some((c) => c.violation) ? [] : [`${p.name}: no violating case`]),
      ...(cases.some((c) => !c.violation) ? [] : [`${p.name}: no passing case`]),
    ];
  });
  assert.deepEqual(missing, []);
});

test("every case names a policy of the pack", () => {
  const names = new Set(policies.map((p) => p.name));
  assert.deepEqual(
    allCases.filter((c) => !names.has(c.policy)).map((c) => c.policy),
    [],
  );
});

test("every catalogue row is implemented or left out with a reason", () => {
  const ids = Object.keys(catalogue) as CatalogueId[];
  const uncovered = ids.filter((id) => !policies.some((p) => p.tags?.includes(id)) && !leftOut[id]);
  assert.deepEqual(uncovered, []);
});

test("every description names its catalogue id and source IDs", () => {
  for (const p of policies) {
    const id = p.tags?.[0] as CatalogueId;
    assert.ok(id in catalogue, `${p.name} is tagged with a catalogue id`);
    assert.ok(p.description.includes(`catalogue ${id};`), p.name);
    assert.ok(p.description.includes(catalogue[id].sources), p.name);
  }
});

test("policy names are unique kebab-case and the engine would accept every config schema", () => {
  const names = policies.map((p) => p.name);
  assert.equal(new Set(names).size, names.length);
  for (const p of policies) {
    assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.notEqual(p.name, "all");
    const properties = p.configSchema?.properties ?? {};
    assert.equal("enforcementLevel" in properties, false, p.name);
    assert.ok("exemptions" in properties, `${p.name} accepts exemptions`);
  }
});

test("the README table lists every policy with its default and tier levels", () => {
  const readme = readFileSync(path.join(policyDir, "README.md"), "utf8");
  const short = (level: string | undefined) =>
    level === "mandatory" ? "M" : level === "advisory" ? "A" : level;
  const tiers = ["dev", "qa", "stage"].map((t) => resolveConfig(policies, readConfigFile(tierConfigFile(t))));
  for (const p of policies) {
    const row = readme
      .split("\n")
      .find((line) => line.split("|").some((cell) => cell.trim() === `\`${p.name}\``));
    assert.ok(row, `README has a row for ${p.name}`);
    const cells = row.split("|").map((c) => c.trim());
    assert.deepEqual(
      cells.slice(1, 8),
      [
        p.tags?.[0],
        `\`${p.name}\``,
        "validateStack" in p ? "stack" : "resource",
        short(p.enforcementLevel),
        ...tiers.map((t) => short(t.get(p.name)?.enforcementLevel)),
      ],
      p.name,
    );
  }
  for (const id of Object.keys(leftOut))
    assert.ok(readme.includes(`**${id}`), `README explains why ${id} is left out`);
});

test("the README's coverage figures are the catalogue's and the pack's", () => {
  const readme = readFileSync(path.join(policyDir, "README.md"), "utf8").replace(/\s+/g, " ");
  const rows = Object.keys(catalogue).length;
  const implemented = rows - Object.keys(leftOut).length;
  assert.ok(
    readme.includes(
      `All ${rows} catalogue rows apply to what this program creates, and all ${implemented} are implemented, by ${policies.length} policies`,
    ),
    `README says ${rows} rows, ${implemented} implemented, ${policies.length} policies`,
  );
});

test("only policy/index.ts constructs the PolicyPack (it starts a gRPC server)", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" || e.name === "test" ? [] : sources(full);
      return e.name.endsWith(".ts") ? [full] : [];
    });
  const constructing = sources(policyDir).filter((f) => /new PolicyPack\(/.test(readFileSync(f, "utf8")));
  assert.deepEqual(
    constructing.map((f) => path.relative(policyDir, f)),
    ["index.ts"],
  );
});
