// The runner must hand policies the arguments the engine would, so that a policy behaves the same
// offline and under `pulumi preview --policy-pack`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  type Policy,
  type ResourceValidationArgs,
  UnknownValueError,
  validateResourceOfType,
} from "@pulumi/policy";

import { RdsInstance } from "../../lib/resource-types";
import { isSet } from "../../lib/values";
import {
  NotApplicableError,
  isTypeOf,
  resourceValidationArgs,
  stackValidationArgs,
} from "../../runner/engine-args";
import { PolicyRunError, runPolicies } from "../../runner/run";
import * as aws from "../fixtures/aws";
import * as k8s from "../fixtures/kubernetes";
import { component, modified, planOf, resource } from "../fixtures/plan-builder";
import { policyNamed } from "../harness";

const db = aws.rdsInstance({ parent: component("shared", "game:index:SharedDataStores"), protect: true });
const context = { properties: { minimumDays: 7 } };

function argsFor(r = db): ResourceValidationArgs {
  return resourceValidationArgs(r, planOf([r]), context);
}

test("isType compares the resource type with the class's type token", () => {
  const args = argsFor();
  assert.equal(args.isType(RdsInstance), true);
  assert.equal(args.isType(aws.vpc as never), false);
  assert.equal(isTypeOf("aws:ec2/vpc:Vpc", RdsInstance), false);
});

test("isType falls back to the class's isInstance when it has no type token", () => {
  class Legacy {
    static isInstance(o: { __pulumiType?: string }) {
      return o.__pulumiType === "aws:rds/instance:Instance";
    }
  }
  assert.equal(isTypeOf("aws:rds/instance:Instance", Legacy as never), true);
  assert.equal(isTypeOf("aws:ec2/vpc:Vpc", Legacy as never), false);
});

test("asType returns the props for the matching type only", () => {
  const args = argsFor();
  assert.equal(args.asType(RdsInstance)?.engine, "mysql");
  assert.equal(args.asType(k8sDeploymentClass()), undefined);
});

test("notApplicable throws, and the runner counts the policy as not applicable", async () => {
  assert.throws(() => argsFor().notApplicable("not mine"), NotApplicableError);
  const policy: Policy = {
    name: "always-not-applicable",
    description: "test",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs) => args.notApplicable("never applies"),
  } as Policy;
  const report = await runPolicies(planOf([db]), {}, { policies: [policy] });
  assert.deepEqual(report.violations, []);
  assert.deepEqual(report.skipped, []);
});

test("getConfig returns the policy's resolved properties", () => {
  assert.deepEqual(argsFor().getConfig(), { minimumDays: 7 });
});

test("opts carry protect and parent, and not retainOnDelete (the analyzer protocol has no such field)", () => {
  const opts = argsFor({ ...db, retainOnDelete: true }).opts;
  assert.equal(opts.protect, true);
  assert.equal(opts.parent, db.parent);
  assert.equal("retainOnDelete" in opts, false);
  assert.deepEqual(opts.customTimeouts, { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 });
});

test("a provider reference resolves to the provider resource with its inputs", () => {
  const provider = resource("pulumi:providers:kubernetes", "game-k8s", { namespace: "dev1" });
  const workload = k8s.deployment("dev1", "gameserver", 2, 200, { provider });
  const args = resourceValidationArgs(workload, planOf([provider, workload]), context);
  assert.equal(args.provider?.urn, provider.urn);
  assert.equal(args.provider?.type, "pulumi:providers:kubernetes");
  assert.equal(args.provider?.props.namespace, "dev1");
});

test("reading a value unknown during preview throws the engine's UnknownValueError", () => {
  const args = argsFor(modified(db, (i) => (i.kmsKeyId = "[unknown]")));
  assert.throws(() => args.props.kmsKeyId, UnknownValueError);
  assert.equal(isSet(args.props, "kmsKeyId"), true, "presence checks do not read the value");
});

test("a policy that reads an unknown value is skipped for that resource, not failed", async () => {
  const unknownRetention = modified(db, (i) => (i.backupRetentionPeriod = "[unknown]"));
  const report = await runPolicies(
    planOf([unknownRetention]),
    {},
    { policies: [policyNamed("rds-backup-retention")] },
  );
  assert.deepEqual(report.violations, []);
  assert.equal(report.skipped.length, 1);
  assert.match(
    report.skipped[0].reason,
    /can't run during preview: .*\.backupRetentionPeriod can't be known during preview/,
  );
});

test("a typed validation is not called for resources of other types (the engine's fast path)", async () => {
  const seen: string[] = [];
  const policy = {
    name: "spy",
    description: "test",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(RdsInstance, (_props, args) => {
      seen.push(args.type);
    }),
  } as Policy;
  await runPolicies(planOf([aws.vpc(), db]), {}, { policies: [policy] });
  assert.deepEqual(seen, ["aws:rds/instance:Instance"]);
});

test("a policy that crashes fails the run, naming the policy and resource", async () => {
  const policy = {
    name: "crashes",
    description: "test",
    enforcementLevel: "advisory",
    validateResource: (args: ResourceValidationArgs) => {
      if (args.isType(RdsInstance)) throw new TypeError("boom");
    },
  } as Policy;
  await assert.rejects(runPolicies(planOf([db]), {}, { policies: [policy] }), (e: unknown) => {
    assert.ok(e instanceof PolicyRunError);
    assert.match(e.message, /policy crashes failed on urn:pulumi:dev::game-infra::.*game-mysql: boom/);
    return true;
  });
});

test("stack arguments link parents and dependencies to resource objects", () => {
  const vpc = aws.vpc();
  const log = aws.flowLog({ parent: vpc, dependsOn: [vpc] });
  const args = stackValidationArgs(planOf([vpc, log]), context);
  const flow = args.resources.find((r) => r.urn === log.urn);
  assert.equal(flow?.parent?.urn, vpc.urn);
  assert.deepEqual(
    flow?.dependencies.map((d) => d.urn),
    [vpc.urn],
  );
  assert.deepEqual(flow?.propertyDependencies, {});
});

function k8sDeploymentClass() {
  return { __pulumiType: "kubernetes:apps/v1:Deployment" } as never;
}
