// The strongest check that the runner behaves like the engine: feed the same resources to the
// analyzer functions of @pulumi/policy's own gRPC server (what `pulumi preview --policy-pack` calls)
// and to the runner, and compare what each reports. The server functions are internal to
// @pulumi/policy 1.21, so they are loaded from its server module.
import assert from "node:assert/strict";
import { test } from "node:test";

import type { Policies } from "@pulumi/policy";
import * as policyServer from "@pulumi/policy/server";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { packEnforcementLevel, packName, policies } from "../../pack";
import { toEngineValue } from "../../runner/engine-values";
import type { Plan, PlanResource } from "../../runner/plan";
import { runPolicies } from "../../runner/run";
import * as aws from "../fixtures/aws";
import { addDays, todayUtc } from "../../../lib/dates";
import { compliantEnvironmentStack, compliantStack } from "../fixtures/compliant-stack";
import * as k8s from "../fixtures/kubernetes";
import { environmentProject, modified, planOf, resource, restacked } from "../fixtures/plan-builder";

type Rpc = (
  call: { request: unknown },
  callback: (error: unknown, response: analyzerProto.AnalyzeResponse) => void,
) => void;
const server = policyServer as unknown as {
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policies): Rpc;
  makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: Policies): Rpc;
};

interface Finding {
  readonly kind: "violation" | "skipped";
  readonly level: string;
  readonly policy: string;
  readonly urn: string;
  readonly message: string;
}

function options(r: PlanResource): analyzerProto.AnalyzerResourceOptions {
  const opts = new analyzerProto.AnalyzerResourceOptions();
  opts.setProtect(r.protect === true);
  if (r.parent) opts.setParent(r.parent);
  return opts;
}

function properties(r: PlanResource): Struct {
  return Struct.fromJavaScript(toEngineValue(r.inputs) as Record<string, never>);
}

function call(rpc: Rpc, request: unknown): Promise<analyzerProto.AnalyzeResponse> {
  return new Promise((resolve, reject) =>
    rpc({ request }, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

function findings(response: analyzerProto.AnalyzeResponse, fallbackUrn: string): Finding[] {
  return response.getDiagnosticsList().map((d) => {
    const level =
      d.getEnforcementlevel() === analyzerProto.EnforcementLevel.MANDATORY ? "mandatory" : "advisory";
    const message = d.getMessage();
    const unknown = /^can't run policy .* during preview: (.*)$/s.exec(message);
    return unknown
      ? { kind: "skipped", level: "-", policy: d.getPolicyname(), urn: fallbackUrn, message: unknown[1] }
      : {
          kind: "violation",
          level,
          policy: d.getPolicyname(),
          urn: d.getUrn() || fallbackUrn,
          message: message.slice(message.indexOf("\n") + 1),
        };
  });
}

/** What the engine's analyzer reports for every resource and for the stack. */
async function engineFindings(plan: Plan): Promise<Finding[]> {
  const analyze = server.makeAnalyzeRpcFun(packName, "0.1.0", packEnforcementLevel, policies);
  const analyzeStack = server.makeAnalyzeStackRpcFun(packName, "0.1.0", packEnforcementLevel, policies);
  const all: Finding[] = [];
  for (const r of plan.resources) {
    const request = new analyzerProto.AnalyzeRequest();
    request.setType(r.type).setUrn(r.urn).setName(r.name).setProperties(properties(r)).setOptions(options(r));
    all.push(...findings(await call(analyze, request), r.urn));
  }
  const stackRequest = new analyzerProto.AnalyzeStackRequest();
  stackRequest.setResourcesList(
    plan.resources.map((r) => {
      const resource = new analyzerProto.AnalyzerResource();
      resource
        .setType(r.type)
        .setUrn(r.urn)
        .setName(r.name)
        .setProperties(properties(r))
        .setOptions(options(r));
      if (r.parent) resource.setParent(r.parent);
      resource.setDependenciesList([...(r.dependsOn ?? [])]);
      return resource;
    }),
  );
  all.push(...findings(await call(analyzeStack, stackRequest), plan.resources[0].urn));
  return all;
}

/** What the runner reports for the same plan. */
async function runnerFindings(plan: Plan): Promise<Finding[]> {
  const report = await runPolicies(plan, {});
  return [
    ...report.violations.map((v): Finding => ({
      kind: "violation",
      level: v.enforcementLevel,
      policy: v.policyName,
      urn: v.urn,
      message: v.message,
    })),
    ...report.skipped.map((s): Finding => ({
      kind: "skipped",
      level: "-",
      policy: s.policyName,
      urn: s.urn,
      message: s.reason.replace(/^can't run during preview: /, ""),
    })),
  ];
}

function sorted(list: readonly Finding[]): string[] {
  return list.map((f) => `${f.kind} ${f.level} ${f.policy} ${f.urn}: ${f.message}`).sort();
}

/** A stack with problems of every kind: resource and stack policies, unknowns, a real preview's nested cluster. */
function troubledPlan(): Plan {
  const stack = compliantStack("dev").map((r) => {
    if (r.type === "eks:index:Cluster")
      return modified(r, (i) => ((i.publicAccessCidrs = ["0.0.0.0/0"]), (i.version = "[unknown]")));
    if (r.type === "aws:rds/instance:Instance")
      return modified(r, (i) => ((i.storageEncrypted = false), (i.kmsKeyId = "[unknown]")));
    if (r.name === "logging-opensearch") return modified(r, (i) => (i.spec.replicas = "[unknown]"));
    if (r.name === "platform-retention")
      return modified(r, (i) => (i.spec.template.spec.containers[0].securityContext.privileged = true));
    return r;
  });
  const cluster = stack.find((r) => r.type === "eks:index:Cluster") as PlanResource;
  const inner = modified(
    aws.awsEksCluster({ parent: cluster }),
    (i) => (i.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"]),
  );
  return planOf(
    [...stack, inner, k8s.fluentBit()].filter((r, i, all) => all.findIndex((o) => o.urn === r.urn) === i),
  );
}

/** An environment stack with problems for the environment rules (G3, G7, G9, W10) and an unknown value. */
function troubledEnvironmentPlan(): Plan {
  const stack = compliantEnvironmentStack("dev", "dev1", 1).map((r) => {
    if (r.name === "dev1-gameserver")
      return modified(r, (i) => (i.spec.template.spec.containers[0].securityContext.privileged = true));
    if (r.name === "dev1-default-deny") return modified(r, (i) => (i.metadata.namespace = "elsewhere"));
    if (r.name === "dev1-couchbase") return modified(r, (i) => (i.spec.replicas = "[unknown]"));
    if (r.name === "dev1-leagueserver")
      return modified(r, (i) => (i.spec.template.spec.containers[0].image = "[unknown]"));
    if (r.name === "dev1-team-edit") return modified(r, (i) => (i.subjects[0].name = "game-team:balance"));
    if (r.name === "dev1-game-env") return modified(r, (i) => (i.data.REDIS_DB = "[unknown]"));
    if (r.name === "ns-dev1")
      return modified(r, (i) => (i.metadata.annotations["game-infra/expires"] = addDays(todayUtc(), 61)));
    return r;
  });
  const clusterRole = restacked(
    [
      resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "dev1-reader", {
        metadata: { name: "reader" },
      }),
    ],
    "dev.dev1",
    environmentProject,
  );
  return planOf([...stack, ...clusterRole], "dev.dev1", environmentProject);
}

for (const [title, troubled, mustReport] of [
  ["a platform stack", troubledPlan, ["eks-endpoint-access-restricted", "k8s-no-privileged"]],
  [
    "an environment stack",
    troubledEnvironmentPlan,
    ["game-environment-stack-contents", "game-environment-lifetime", "k8s-environment-default-deny"],
  ],
] as const) {
  test(`the runner reports exactly what the engine's analyzer reports for the same plan (${title})`, async () => {
    const plan = troubled();
    const [engine, runner] = await Promise.all([engineFindings(plan), runnerFindings(plan)]);
    for (const policy of mustReport) {
      assert.ok(
        engine.some((f) => f.kind === "violation" && f.level === "mandatory" && f.policy === policy),
        `the plan must have a mandatory ${policy} violation`,
      );
    }
    assert.ok(
      engine.some((f) => f.kind === "skipped"),
      "the plan must have checks skipped for unknown values",
    );
    assert.deepEqual(sorted(runner), sorted(engine));
  });
}
