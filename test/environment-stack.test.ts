/**
 * The environment project's program (`environment/main.ts`) under mocks: which stack names it
 * takes, what it needs from its platform and its registry, that a problem anywhere in the tier's
 * registry stops it before anything but the platform read, and what one environment stack creates.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { EnvironmentStackError, environmentStack, environmentStackProgram } from "../environment/main";
import { RegistryError } from "../stacks/resolve-registry";
import type { RecordedResource } from "../tools/engine/recorder";
import { runUnderMocks, type StackReferenceAnswer } from "../tools/engine/run";
import { buildEnvironmentPlan } from "../tools/plan/build-environment";
import type { Plan, PlanResource } from "../tools/plan/model";
import { ROOT, TEST_TODAY, platformReference } from "./harness";

/** Runs the environment program for `stack`; returns what it registered and what it threw. */
async function attempt(
  stack: string,
  options: {
    root?: string;
    platform?: StackReferenceAnswer;
    entry?: typeof environmentStack;
  } = {},
): Promise<{ sink: RecordedResource[]; error: Error | undefined }> {
  const sink: RecordedResource[] = [];
  const platform = options.platform ?? (await platformReference("dev"));
  const program = options.entry ?? environmentStack;
  try {
    await runUnderMocks({
      project: "game-environment",
      stack,
      config: {},
      organization: "organization",
      stackReferences: { "organization/game-infra/dev": platform },
      sink,
      program: () => program({ root: options.root ?? ROOT, today: TEST_TODAY }),
    });
    return { sink, error: undefined };
  } catch (err) {
    return { sink, error: err as Error };
  }
}

/** The types a run registered. */
const typesOf = (sink: readonly RecordedResource[]) => sink.map((r) => r.type).sort();

describe("environment stack: what it refuses, before creating anything", () => {
  it("takes only stack names <tier>.<environment> with a known tier", async () => {
    for (const stack of ["dev1", "prod.dev1", "dev.dev1.x", "Dev.dev1"]) {
      const { sink, error } = await attempt(stack);
      assert.ok(error instanceof EnvironmentStackError, `${stack}: ${String(error)}`);
      assert.equal(
        error.message,
        `stack "${stack}" is not an environment stack: its name must be <tier>.<environment> with tier one of dev, qa, stage (for example dev.dev1)`,
      );
      assert.deepEqual(sink, [], stack);
    }
  });

  it("names the platform stack when it exports no environmentSettings", async () => {
    const { sink, error } = await attempt("dev.dev1", { platform: { outputs: {} } });
    assert.ok(error instanceof EnvironmentStackError);
    assert.equal(
      error.message,
      'platform stack organization/game-infra/dev has no "environmentSettings" output: update the platform stack (pulumi up -s dev in the repository root) before its environments',
    );
    assert.deepEqual(typesOf(sink), ["pulumi:pulumi:StackReference"]);
  });

  it("names the missing registry file and how to create it (or destroy the stack)", async () => {
    const { sink, error } = await attempt("dev.dev7");
    assert.ok(error instanceof EnvironmentStackError);
    assert.equal(
      error.message,
      "stack dev.dev7 has no registry file: environments/dev/dev7.yaml does not exist (create it with npm run env -- create dev/dev7, or destroy this stack if the environment was removed)",
    );
    assert.deepEqual(typesOf(sink), ["pulumi:pulumi:StackReference"]);
  });

  describe("a problem in another environment's file", () => {
    const root = mkdtempSync(join(tmpdir(), "environment-stack-"));
    after(() => rmSync(root, { recursive: true, force: true }));

    it("stops every stack of the tier with the registry's problems, after reading only the platform", async () => {
      cpSync(join(ROOT, "environments", "dev"), join(root, "environments", "dev"), { recursive: true });
      writeFileSync(
        join(root, "environments", "dev", "dev9.yaml"),
        "owner: a@studio.example\nteam: art\npurpose: testing\nversion: 1.0.0\n" +
          'gameDataVersion: gd-1\nresourceVersion: res-1\nredisDb: 1\ncreated: "2026-11-20"\nexpires: "2026-12-15"\n',
      );
      const { sink, error } = await attempt("dev.dev1", { root });
      assert.ok(error instanceof RegistryError, String(error));
      assert.equal(
        error.message,
        [
          'invalid environment registry for tier "dev" (2 problems; nothing was created or changed):',
          '  environments/dev/dev9.yaml: redisDb: 1 is already used by environment "dev1"; each environment needs its own Redis DB',
          '  environments/dev/dev9.yaml: team: "art" is not a team of the dev platform; teams: balance, server (add one under game-infra:teams in Pulumi.dev.yaml)',
        ].join("\n"),
      );
      assert.deepEqual(typesOf(sink), ["pulumi:pulumi:StackReference"]);
    });
  });

  it("ends as a RunError (the message alone, no stack trace) under the real engine's entry", async () => {
    const { error } = await attempt("dev.dev7", { entry: environmentStackProgram });
    assert.ok(pulumi.RunError.isInstance(error), String(error));
    assert.match(error!.message, /^stack dev\.dev7 has no registry file: /);
  });
});

describe("environment stack dev.dev2: what it creates", () => {
  let plan: Plan;
  let resources: PlanResource[];
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const metadataOf = (r: PlanResource) => r.inputs.metadata as { name: string; namespace?: string };
  before(async () => {
    plan = await buildEnvironmentPlan({
      registryRoot: ROOT,
      tier: "dev",
      environment: "dev2",
      platform: await platformReference("dev"),
      today: TEST_TODAY,
    });
    resources = plan.resources;
  });

  it("is the stack dev.dev2 of the game-environment project", () => {
    assert.equal(plan.project, "game-environment");
    assert.equal(plan.stack, "dev.dev2");
  });

  it("reads its platform, organization/game-infra/dev, through one StackReference", () => {
    const [reference, ...more] = ofType("pulumi:pulumi:StackReference");
    assert.deepEqual(more, []);
    assert.equal(reference!.name, "platform");
    assert.equal(reference!.inputs.name, "organization/game-infra/dev");
  });

  it("creates one namespace, dev2, and one GameEnvironment", () => {
    assert.deepEqual(
      ofType("kubernetes:core/v1:Namespace").map((r) => metadataOf(r).name),
      ["dev2"],
    );
    assert.deepEqual(
      ofType("game:index:GameEnvironment").map((r) => r.name),
      ["dev2"],
    );
  });

  it("binds only the owning team's group to the edit ClusterRole, in its own namespace", () => {
    const bindings = [
      ...ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"),
      ...ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"),
    ];
    assert.deepEqual(
      bindings.map((r) => ({
        type: r.type,
        namespace: metadataOf(r).namespace,
        roleRef: r.inputs.roleRef,
        subjects: r.inputs.subjects,
      })),
      [
        {
          type: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
          namespace: "dev2",
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "game-team:balance" }],
        },
      ],
    );
  });

  it("touches the platform namespace only for its bootstrap Job and the Secret that Job reads", () => {
    const inPlatform = resources
      .filter((r) => r.type.startsWith("kubernetes:") && metadataOf(r)?.namespace === "platform")
      .map((r) => [r.type, metadataOf(r).name]);
    assert.equal(inPlatform.length, 2);
    assert.deepEqual(inPlatform[0]![0], "kubernetes:batch/v1:Job");
    assert.match(inPlatform[0]![1]!, /^db-bootstrap-dev2-[0-9a-f]{8}$/);
    assert.deepEqual(inPlatform[1], ["kubernetes:core/v1:Secret", "db-bootstrap-dev2"]);
    const namespaces = new Set(
      resources
        .filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:core/v1:Namespace")
        .map((r) => metadataOf(r)?.namespace),
    );
    assert.deepEqual([...namespaces].sort(), ["dev2", "platform"]);
  });

  it("talks to the cluster through one provider whose kubeconfig is secret", () => {
    const providers = ofType("pulumi:providers:kubernetes");
    assert.equal(providers.length, 1);
    assert.equal(providers[0]!.inputs.kubeconfig, "[secret]");
    const viaProvider = new Set(
      resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.provider),
    );
    assert.deepEqual([...viaProvider], [providers[0]!.urn]);
  });

  it("keeps the Redis token it reads from Secrets Manager, and every password, out of the plan", () => {
    const redisAuth = ofType("kubernetes:core/v1:Secret").find(
      (r) => metadataOf(r).namespace === "dev2" && metadataOf(r).name === "redis-auth",
    );
    assert.equal(redisAuth?.inputs.stringData, "[secret]");
    assert.doesNotMatch(JSON.stringify(plan), /MOCKSECRET/);
  });
});
