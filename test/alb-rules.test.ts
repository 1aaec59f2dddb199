import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type * as k8s from "@pulumi/kubernetes";
import {
  ALB_CONDITION_VALUES_PER_RULE,
  ALB_VALUES_PER_CONDITION,
  ingressPathConditionValues,
  maxSourceIpValues,
} from "../lib/alb-rules";
import { MAX_DASHBOARDS_CIDRS, dashboardsIngress } from "../lib/logging/dashboards";
import { validateLogDashboardsArgs, type LogDashboardsArgs } from "../components/log-dashboards";
import { graceTolerations } from "../lib/grace";
import { STANDARD_LOGGING_REQUESTS } from "../lib/logging/resources";
import { ROOT } from "./paths";

const upstream = (...path: string[]) => readFileSync(join(ROOT, "upstream", ...path), "utf8");
const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

describe("ALB listener rule limits", () => {
  it("are AWS's: 5 condition values per rule, 3 in one condition", () => {
    const quotas = JSON.parse(upstream("aws-elb", "alb-listener-rule-limits.json")) as Record<
      string,
      { value: number }
    >;
    assert.equal(quotas.conditionValuesPerRule!.value, 5);
    assert.equal(quotas.matchEvaluationsPerCondition!.value, 3);
    assert.equal(ALB_CONDITION_VALUES_PER_RULE, quotas.conditionValuesPerRule!.value);
    assert.equal(ALB_VALUES_PER_CONDITION, quotas.matchEvaluationsPerCondition!.value);
    // The controller's documentation at v2.16.0 states the same two limits.
    const docs = upstream("aws-load-balancer-controller", "ingress-annotations-excerpt.md.txt");
    const perCondition = /up to (\w+) match evaluations per condition/.exec(docs)![1]!;
    const perRule = /up to (\w+) match evaluations per rule/.exec(docs)![1]!;
    assert.deepEqual(
      [WORDS[perCondition], WORDS[perRule]],
      [ALB_VALUES_PER_CONDITION, ALB_CONDITION_VALUES_PER_RULE],
    );
  });

  it("count a rule's host and path the way controller v2.16.0 builds them", () => {
    const code = upstream("aws-load-balancer-controller", "ingress-rule-conditions.go.txt");
    // The vendored code: the host is one value, Prefix "/" is "/*", other prefixes two patterns.
    assert.match(code, /hosts = append\(hosts, rule\.Host\)/);
    assert.match(code, /if path == "\/" \{\n\t\treturn \[\]string\{"\/\*"\}/);
    assert.match(code, /return \[\]string\{normalizedPath, normalizedPath \+ "\/\*"\}/);
    assert.deepEqual(
      ingressPathConditionValues({ host: "logs.example.com", path: "/", pathType: "Prefix" }),
      {
        hostHeader: ["logs.example.com"],
        pathPattern: ["/*"],
      },
    );
    assert.deepEqual(ingressPathConditionValues({ path: "/api/", pathType: "Prefix" }).pathPattern, [
      "/api",
      "/api/*",
    ]);
    assert.deepEqual(ingressPathConditionValues({ path: "/healthz", pathType: "Exact" }).pathPattern, [
      "/healthz",
    ]);
    assert.deepEqual(ingressPathConditionValues({ pathType: "Prefix" }).pathPattern, ["/*"]);
  });

  it("leave 3 source CIDRs for a host with path /, 2 for a host with a longer prefix", () => {
    assert.equal(maxSourceIpValues({ host: "logs.example.com", path: "/", pathType: "Prefix" }), 3);
    assert.equal(maxSourceIpValues({ host: "logs.example.com", path: "/api", pathType: "Prefix" }), 2);
    // Without a host the per-condition limit, not the per-rule one, is what binds.
    assert.equal(maxSourceIpValues({ path: "/", pathType: "Prefix" }), 3);
  });
});

/** The condition values the controller builds for each path of an Ingress, counted from the object itself. */
function conditionValuesPerRule(
  ingress: k8s.networking.v1.IngressArgs,
): Array<{ rule: number; perCondition: number[] }> {
  const annotations = (ingress.metadata as { annotations: Record<string, string> }).annotations;
  const spec = ingress.spec as {
    rules: Array<{
      host?: string;
      http: { paths: Array<{ path: string; pathType: string; backend: { service: { name: string } } }> };
    }>;
  };
  return spec.rules.flatMap((rule) =>
    rule.http.paths.map((p) => {
      const extra = JSON.parse(
        annotations[`alb.ingress.kubernetes.io/conditions.${p.backend.service.name}`] ?? "[]",
      ) as Array<{ sourceIpConfig?: { values: string[] } }>;
      // Per the vendored controller code: one host value; Prefix "/" is the one pattern "/*".
      assert.equal(p.pathType, "Prefix");
      assert.equal(p.path, "/");
      const perCondition = [rule.host ? 1 : 0, 1, ...extra.map((c) => c.sourceIpConfig!.values.length)];
      return { rule: perCondition.reduce((a, b) => a + b, 0), perCondition };
    }),
  );
}

describe("Dashboards' source-IP rule on the shared ALB", () => {
  const ingressWith = (allowedCidrs: string[]) =>
    dashboardsIngress({
      namespace: "logging",
      domain: "dev.game.example.com",
      ingressGroup: "game-infra-dev",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
      allowedCidrs,
      labels: {},
    });
  const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.${i + 1}.0.0/16`);

  it("fits the most CIDRs config allows (3) into one rule of at most 5 values, 3 per condition", () => {
    assert.equal(MAX_DASHBOARDS_CIDRS, 3);
    const [rule] = conditionValuesPerRule(ingressWith(cidrs(3)));
    assert.deepEqual(rule, { rule: 5, perCondition: [1, 1, 3] });
  });

  it("would need 6 values for a 4th CIDR, which is why config and the component refuse it", () => {
    const [rule] = conditionValuesPerRule(ingressWith(cidrs(4)));
    assert.equal(rule!.rule, 6);
    assert.ok(rule!.rule > ALB_CONDITION_VALUES_PER_RULE);
    const args = {
      replicas: 1,
      requests: STANDARD_LOGGING_REQUESTS.dashboards,
      placement: { nodeSelector: { "game-infra/pool": "system" }, tolerations: graceTolerations(240) },
      allowedCidrs: cidrs(3),
    } as unknown as LogDashboardsArgs;
    assert.deepEqual(validateLogDashboardsArgs(args), []);
    assert.deepEqual(validateLogDashboardsArgs({ ...args, allowedCidrs: cidrs(4) }), [
      {
        propertyPath: "allowedCidrs",
        reason:
          "needs 1 to 3 CIDRs, got 4: one ALB listener rule holds at most 5 condition values (3 in one condition), " +
          "and this rule's host and path take 2",
      },
    ]);
  });
});
