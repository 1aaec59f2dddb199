/**
 * `npm run envs -- sync`: what it decides for each environment stack, how it carries the decisions
 * out (bounded parallelism, busy stacks, failures that stop nobody else), and what it reports, all
 * against an in-memory engine with the Automation API adapter's interface.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decideActions, renderActions } from "../tools/envs/actions";
import { dryRunCommand, syncCommand } from "../tools/envs/commands";
import { planFingerprint, valueFingerprint } from "../tools/envs/fingerprint";
import { renderResults, summarise } from "../tools/envs/report";
import { runActions, type SyncResult } from "../tools/envs/run";
import type { Plan } from "../tools/plan/model";
import type { Registry } from "../stacks/resolve-registry";
import { MemoryEngine } from "./support/memory-engine";

/** A tiny plan for a stack; `variant` changes its one resource's inputs. */
function planOf(stack: string, variant = "a"): Plan {
  return {
    project: "game-environment",
    stack,
    resources: [
      {
        urn: `urn:pulumi:${stack}::game-environment::kubernetes:core/v1:Namespace::ns`,
        type: "kubernetes:core/v1:Namespace",
        name: "ns",
        parent: null,
        custom: true,
        inputs: { metadata: { name: stack, labels: { variant } } },
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
        provider: null,
      },
    ],
    outputs: {},
  };
}

const EMPTY_REGISTRY: Registry = { tier: "dev", environments: [], retired: [], defaults: {} };

/** Collects what a command writes. */
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe("sync: what happens to each environment stack", () => {
  it("creates missing stacks, updates changed ones, leaves equal ones and deletes stacks whose file is gone", () => {
    const actions = decideActions(
      new Map([
        ["dev.dev1", "f1-new"],
        ["dev.dev3", "f3"],
        ["dev.dev9", "f9"],
      ]),
      [
        { name: "dev.dev1", fingerprint: "f1-old" },
        { name: "dev.dev2", fingerprint: "f2" },
        { name: "dev.dev3", fingerprint: "f3" },
      ],
    );
    assert.equal(
      renderActions(actions),
      ["update dev.dev1", "delete dev.dev2", "unchanged dev.dev3", "create dev.dev9"].join("\n"),
    );
    assert.equal(actions[0]!.reason, "its settings, the program or the platform changed");
  });

  it("updates a stack no sync applied before, every stack with --force, and only the named ones with --only", () => {
    const desired = new Map([
      ["dev.dev1", "f1"],
      ["dev.dev2", "f2"],
    ]);
    const existing = [{ name: "dev.dev1" }, { name: "dev.dev2", fingerprint: "f2" }];
    assert.deepEqual(
      decideActions(desired, existing).map((a) => [a.stack, a.kind, a.reason]),
      [
        ["dev.dev1", "update", "not applied by sync before"],
        ["dev.dev2", "unchanged", undefined],
      ],
    );
    assert.deepEqual(
      decideActions(desired, existing, { force: true }).map((a) => a.kind),
      ["update", "update"],
    );
    assert.deepEqual(
      decideActions(desired, existing, { only: new Set(["dev.dev2"]) }).map((a) => a.stack),
      ["dev.dev2"],
    );
  });

  it("fingerprints a stack by its plan and by what its platform exports", () => {
    const plan = planOf("dev.dev1");
    assert.equal(planFingerprint(plan, "p"), planFingerprint(planOf("dev.dev1"), "p"));
    assert.notEqual(planFingerprint(plan, "p"), planFingerprint(planOf("dev.dev1", "b"), "p"));
    assert.notEqual(planFingerprint(plan, "p1"), planFingerprint(plan, "p2"));
    assert.equal(valueFingerprint({ a: 1, b: [2, 3] }), valueFingerprint({ b: [2, 3], a: 1 }));
    assert.notEqual(valueFingerprint({ a: 1 }), valueFingerprint({ a: 2 }));
  });
});

describe("sync: carrying the actions out", () => {
  const actions = (names: string[]) =>
    names.map((n) => ({ stack: `dev.${n}`, kind: "create" as const, fingerprint: `f-${n}` }));

  it("never runs more than --parallel stacks at once, and does them all", async () => {
    const engine = new MemoryEngine();
    const results = await runActions(actions(["a", "b", "c", "d", "e", "f", "g"]), engine, {
      parallel: 3,
      logFor: () => () => {},
    });
    assert.equal(engine.maxRunning, 3);
    assert.equal(results.length, 7);
    assert.ok(results.every((r) => r.status === "ok"));
    assert.deepEqual(
      [...engine.stacks.keys()].sort(),
      actions(["a", "b", "c", "d", "e", "f", "g"]).map((a) => a.stack),
    );
    const one = new MemoryEngine();
    await runActions(actions(["a", "b", "c"]), one, { parallel: 1, logFor: () => () => {} });
    assert.equal(one.maxRunning, 1);
  });

  it("goes on after a failure and reports it with its first lines", async () => {
    const engine = new MemoryEngine();
    engine.failures.set("dev.b", "kubernetes:apps/v1:Deployment dev-b failed\nsecond line\nthird\nfourth");
    const results = await runActions(actions(["a", "b", "c"]), engine, {
      parallel: 2,
      logFor: () => () => {},
    });
    assert.deepEqual(
      results.map((r) => [r.stack, r.status]),
      [
        ["dev.a", "ok"],
        ["dev.b", "failed"],
        ["dev.c", "ok"],
      ],
    );
    assert.equal(results[1]!.error, "kubernetes:apps/v1:Deployment dev-b failed / second line / third");
  });

  it("retries a stack another update holds, and reports it busy (not failed) when it stays locked", async () => {
    const engine = new MemoryEngine();
    engine.locked.set("dev.a", 1);
    engine.locked.set("dev.b", 5);
    const waits: number[] = [];
    const results = await runActions(actions(["a", "b"]), engine, {
      parallel: 2,
      busyRetries: 2,
      busyDelayMs: 30_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
      logFor: () => () => {},
    });
    assert.deepEqual(
      results.map((r) => [r.stack, r.status]),
      [
        ["dev.a", "ok"],
        ["dev.b", "busy"],
      ],
    );
    assert.deepEqual(waits, [30_000, 30_000, 30_000]);
    assert.equal(engine.calls.filter((c) => c.stack === "dev.b").length, 3);
  });

  it("measures each stack's time with the clock it is given, and spends none on an unchanged one", async () => {
    let now = 0;
    const engine = new MemoryEngine();
    engine.delayMs = 0;
    const results = await runActions(
      [
        { stack: "dev.a", kind: "update", fingerprint: "f" },
        { stack: "dev.b", kind: "unchanged", fingerprint: "g" },
      ],
      {
        ...engine,
        listStacks: () => engine.listStacks("dev"),
        platformFingerprint: () => engine.platformFingerprint(),
        destroy: (s, l) => engine.destroy(s, l),
        up: async (s, f, l) => {
          now += 42_000;
          await engine.up(s, f, l);
        },
      },
      { parallel: 1, clock: () => now, logFor: () => () => {} },
    );
    assert.deepEqual(
      results.map((r) => [r.stack, r.status, r.seconds]),
      [
        ["dev.a", "ok", 42],
        ["dev.b", "unchanged", 0],
      ],
    );
    assert.deepEqual(
      engine.calls.map((c) => c.stack),
      ["dev.a"],
    );
  });

  it("refuses a parallelism that is not a whole number of at least 1", async () => {
    await assert.rejects(
      runActions(actions(["a"]), new MemoryEngine(), { parallel: 0, logFor: () => () => {} }),
      /parallel must be a whole number, 1 or more; got 0/,
    );
  });
});

describe("sync: the result table and the exit code", () => {
  const results: SyncResult[] = [
    { stack: "dev.dev1", kind: "update", status: "ok", seconds: 41.5 },
    { stack: "dev.dev2", kind: "delete", status: "failed", seconds: 3, error: "boom" },
    { stack: "dev.dev3", kind: "unchanged", status: "unchanged", seconds: 0 },
    { stack: "dev.login", kind: "create", status: "busy", seconds: 90, error: "locked" },
  ];

  it("prints one row per stack with its action, result, time and why", () => {
    assert.equal(
      renderResults(results),
      [
        "stack      action     result     time   detail",
        "dev.dev1   update     ok         41.5s",
        "dev.dev2   delete     failed     3.0s   boom",
        "dev.dev3   unchanged  unchanged  -",
        "dev.login  create     busy       90.0s  locked",
      ].join("\n"),
    );
  });

  it("exits 1 naming the failed stacks; a busy stack alone is reported, not failed", () => {
    assert.deepEqual(summarise(results), {
      text: [
        "1 applied, 1 unchanged, 1 busy, 1 failed",
        "busy (another update held the lock; not a failure, the next sync applies them): dev.login",
        "failed: dev.dev2",
      ].join("\n"),
      exitCode: 1,
    });
    assert.equal(summarise(results.filter((r) => r.status !== "failed")).exitCode, 0);
  });
});

describe("sync against an engine", () => {
  it("applies changed stacks with their fingerprints, skips equal ones, destroys removed ones, logs each", async () => {
    const plans = new Map([
      ["dev.dev1", planOf("dev.dev1", "new")],
      ["dev.dev3", planOf("dev.dev3")],
      ["dev.dev9", planOf("dev.dev9")],
    ]);
    const engine = new MemoryEngine({
      "dev.dev1": planFingerprint(planOf("dev.dev1", "old"), "platform-v1"),
      "dev.dev2": "whatever",
      "dev.dev3": planFingerprint(planOf("dev.dev3"), "platform-v1"),
      "qa.qa1": "untouched: another tier",
    });
    const logs = mkdtempSync(join(tmpdir(), "envs-logs-"));
    const { out, err, output } = capture();
    const code = await syncCommand(
      { tier: "dev", registry: EMPTY_REGISTRY, plans, parallel: 2, force: false, logs },
      engine,
      output,
    );
    assert.equal(code, 0);
    assert.deepEqual(engine.calls.map((c) => `${c.operation} ${c.stack}`).sort(), [
      "destroy dev.dev2",
      "up dev.dev1",
      "up dev.dev9",
    ]);
    assert.equal(engine.stacks.get("dev.dev1"), planFingerprint(plans.get("dev.dev1")!, "platform-v1"));
    assert.equal(engine.stacks.has("dev.dev2"), false);
    assert.equal(engine.stacks.get("qa.qa1"), "untouched: another tier");
    assert.match(out.join("\n"), /^dev\.dev3\s+unchanged\s+unchanged/m);
    assert.match(out.join("\n"), /^3 applied, 1 unchanged$/m);
    assert.ok(err.includes("update dev.dev1: started (its settings, the program or the platform changed)"));
    assert.equal(
      readFileSync(join(logs, "dev.dev9.log"), "utf8"),
      "up dev.dev9: started\nup dev.dev9: done\n",
    );
  });

  it("updates every stack when the platform's outputs change, and names a failed one in a non-zero exit", async () => {
    const plans = new Map([
      ["dev.dev1", planOf("dev.dev1")],
      ["dev.dev2", planOf("dev.dev2")],
    ]);
    const engine = new MemoryEngine({
      "dev.dev1": planFingerprint(planOf("dev.dev1"), "platform-v1"),
      "dev.dev2": planFingerprint(planOf("dev.dev2"), "platform-v1"),
    });
    engine.platform = "platform-v2";
    engine.failures.set("dev.dev2", "the Ingress webhook is not ready");
    const { out, output } = capture();
    const reported: string[] = [];
    const code = await syncCommand(
      {
        tier: "dev",
        registry: EMPTY_REGISTRY,
        plans,
        parallel: 4,
        force: false,
        logs: mkdtempSync(join(tmpdir(), "envs-logs-")),
        onResult: (result) => {
          reported.push(`${result.stack} ${result.status}`);
        },
      },
      engine,
      output,
    );
    assert.equal(code, 1);
    assert.deepEqual(engine.calls.map((c) => c.stack).sort(), ["dev.dev1", "dev.dev2"]);
    assert.match(out.join("\n"), /failed: dev\.dev2/);
    assert.deepEqual(reported.sort(), ["dev.dev1 ok", "dev.dev2 failed"]);
  });
});

describe("sync --dry-run", () => {
  it("prints the action and stack name per environment stack, compared with the base's plans", () => {
    const { out, err, output } = capture();
    const code = dryRunCommand(
      {
        tier: "dev",
        head: new Map([
          ["dev.dev1", planOf("dev.dev1", "v2")],
          ["dev.dev9", planOf("dev.dev9")],
          ["dev.login-dev", planOf("dev.login-dev")],
        ]),
        base: new Map([
          ["dev.dev1", planOf("dev.dev1", "v1")],
          ["dev.dev2", planOf("dev.dev2")],
          ["dev.login-dev", planOf("dev.login-dev")],
        ]),
        baseLabel: "HEAD (abc1234)",
      },
      output,
    );
    assert.equal(code, 0);
    assert.deepEqual(out, ["update dev.dev1\ndelete dev.dev2\ncreate dev.dev9\nunchanged dev.login-dev"]);
    assert.deepEqual(err, ["compared with HEAD (abc1234):"]);
  });
});
