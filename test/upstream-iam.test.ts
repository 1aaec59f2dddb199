/**
 * The program's IAM policies against the ones their upstreams publish (vendored in `upstream/`):
 * every upstream grant must be granted as widely, or be named, with a reason, in the narrowing
 * list next to the policy. The policies checked are the ones the dev stack registers.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { AWS_LOAD_BALANCER_CONTROLLER_CHART, EXTERNAL_DNS_CHART } from "../lib/charts";
import {
  EXTERNAL_DNS_NARROWINGS,
  FLOW_LOGS_NARROWINGS,
  LOAD_BALANCER_CONTROLLER_NARROWINGS,
  type PolicyNarrowing,
} from "../lib/iam-policies";
import { ROOT, runStack, type Registered } from "./harness";
import { uncoveredGrants, wildcardCovers, type Gap, type JsonPolicy } from "./support/iam-coverage";

const upstream = (path: string) => readFileSync(join(ROOT, "upstream", path), "utf8");
const upstreamPolicy = (path: string) => JSON.parse(upstream(path)) as JsonPolicy;
/** `git hash-object`: ties a vendored file to the blob its SOURCE.md names. */
const gitBlob = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

const key = (g: Gap) => `${g.action} on ${g.resource}`;

/** The gaps must be exactly the reviewed narrowings: none unexplained, none stale. */
function assertOnlyReviewedGaps(gaps: readonly Gap[], narrowings: readonly PolicyNarrowing[]) {
  assert.deepEqual(
    gaps.map(key).sort(),
    narrowings.map(key).sort(),
    "every upstream grant the program leaves out must be listed, with its reason, next to the policy; " +
      "every listed narrowing must still be one",
  );
  for (const n of narrowings) assert.ok(n.reason.length > 40, `the narrowing of ${key(n)} says why`);
}

describe("the policy coverage check", () => {
  const policy = (...Statement: JsonPolicy["Statement"]): JsonPolicy => ({ Statement });
  const theirs = policy({
    Effect: "Allow",
    Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
    Resource: "arn:aws:logs:*:*:log-group:*",
    Condition: { StringEquals: { "aws:SourceAccount": ["111111111111", "222222222222"] } },
  });

  it("finds nothing missing in an identical policy", () => {
    assert.deepEqual(uncoveredGrants(theirs, theirs), []);
  });

  it("reports an action the program does not grant", () => {
    const ours = policy({ ...theirs.Statement[0]!, Action: ["logs:PutLogEvents"] });
    assert.deepEqual(uncoveredGrants(ours, theirs), [
      { action: "logs:CreateLogStream", resource: "arn:aws:logs:*:*:log-group:*" },
    ]);
  });

  it("accepts wider resources and action wildcards, in any letter case", () => {
    const ours = policy({ Effect: "Allow", Action: "LOGS:*", Resource: "*" });
    assert.deepEqual(uncoveredGrants(ours, theirs), []);
  });

  it("reports a narrower resource, and never lets ? stand for the upstream's *", () => {
    const narrower = policy({ ...theirs.Statement[0]!, Resource: "arn:aws:logs:*:*:log-group:mine:*" });
    assert.equal(uncoveredGrants(narrower, theirs).length, 2);
    assert.equal(wildcardCovers("arn:aws:logs:?:*", "arn:aws:logs:*:*"), false);
    assert.equal(wildcardCovers("arn:aws:logs:*", "arn:aws:logs:eu-west-1:*"), true);
    assert.equal(wildcardCovers("a*b", "a*"), false);
  });

  it("accepts dropped or wider conditions and reports added or narrower ones", () => {
    const unconditioned = policy({ ...theirs.Statement[0]!, Condition: undefined });
    assert.deepEqual(uncoveredGrants(unconditioned, theirs), []);
    const fewerValues = policy({
      ...theirs.Statement[0]!,
      Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
    });
    assert.equal(uncoveredGrants(fewerValues, theirs).length, 2);
    const extra = policy({
      ...theirs.Statement[0]!,
      Condition: { ...theirs.Statement[0]!.Condition, Bool: { "aws:SecureTransport": "true" } },
    });
    assert.equal(uncoveredGrants(extra, theirs).length, 2);
  });

  it("requires the same principal in trust policies", () => {
    const trust = policy({
      Effect: "Allow",
      Principal: { Service: "a.amazonaws.com" },
      Action: "sts:AssumeRole",
    });
    const other = policy({
      Effect: "Allow",
      Principal: { Service: "b.amazonaws.com" },
      Action: "sts:AssumeRole",
    });
    assert.deepEqual(uncoveredGrants(other, trust), [{ action: "sts:AssumeRole", resource: "*" }]);
  });
});

describe("vendored upstream policies", () => {
  it("are the files their SOURCE.md names, for the versions lib/charts.ts pins", () => {
    // A chart bump must come with the policy of the new app version (see upstream/*/SOURCE.md).
    assert.equal(
      AWS_LOAD_BALANCER_CONTROLLER_CHART.version,
      "1.16.0",
      "re-vendor upstream/aws-load-balancer-controller/",
    );
    assert.equal(EXTERNAL_DNS_CHART.version, "1.19.0", "re-vendor upstream/external-dns/");
    assert.equal(
      gitBlob(upstream("aws-load-balancer-controller/iam_policy.json")),
      "761d0e733c41089c91ea009dd29faf71918085e5",
    );
  });
});

describe("the dev stack's IAM policies against their upstreams", () => {
  let registered: Registered;
  before(async () => {
    ({ registered } = await runStack("dev"));
  });
  const registeredPolicy = (type: string, name: string, field: string) =>
    JSON.parse(registered.one(type, name).inputs[field] as string) as JsonPolicy;

  describe("AWS Load Balancer Controller (v2.16.0)", () => {
    let ours: JsonPolicy;
    before(() => {
      ours = registeredPolicy("aws:iam/rolePolicy:RolePolicy", "dev-addons-lb-controller-policy", "policy");
    });

    it("grants everything the published policy grants, narrowed only where reviewed", () => {
      assertOnlyReviewedGaps(
        uncoveredGrants(ours, upstreamPolicy("aws-load-balancer-controller/iam_policy.json")),
        LOAD_BALANCER_CONTROLLER_NARROWINGS,
      );
    });

    it("lets the controller tag the listeners and rules it creates, which carry no tag yet", () => {
      const listenerRule =
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/k8s-dev/1a/2b/3c";
      const listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/k8s-dev/1a/2b";
      for (const arn of [listenerRule, listener]) {
        assert.ok(
          ours.Statement.some(
            (s) =>
              (s.Action as string[]).includes("elasticloadbalancing:AddTags") &&
              (s.Resource as string[]).some((r) => wildcardCovers(r, arn)) &&
              s.Condition === undefined,
          ),
          `AddTags on ${arn} without a resource-tag condition`,
        );
      }
    });

    it("lets the controller reorder rules when an environment joins or leaves the shared ALB", () => {
      assert.ok(
        ours.Statement.some(
          (s) =>
            (s.Action as string[]).includes("elasticloadbalancing:SetRulePriorities") &&
            s.Condition === undefined,
        ),
      );
    });
  });

  describe("external-dns (v0.19.0)", () => {
    it("grants everything the documented policy grants, except the reviewed zone scoping", () => {
      const ours = registeredPolicy(
        "aws:iam/rolePolicy:RolePolicy",
        "dev-addons-external-dns-policy",
        "policy",
      );
      assertOnlyReviewedGaps(
        uncoveredGrants(ours, upstreamPolicy("external-dns/iam-policy.json")),
        EXTERNAL_DNS_NARROWINGS,
      );
    });
  });

  describe("VPC flow logs to CloudWatch Logs", () => {
    let policy: JsonPolicy;
    let trust: JsonPolicy;
    before(() => {
      policy = registeredPolicy("aws:iam/rolePolicy:RolePolicy", "flow-logs", "policy");
      trust = registeredPolicy("aws:iam/role:Role", "flow-logs", "assumeRolePolicy");
    });

    it("grants the documented minimum, narrowed only where reviewed", () => {
      assertOnlyReviewedGaps(
        [
          ...uncoveredGrants(policy, upstreamPolicy("vpc-flow-logs/iam-policy.json")),
          ...uncoveredGrants(trust, upstreamPolicy("vpc-flow-logs/trust-policy.json")),
        ],
        FLOW_LOGS_NARROWINGS,
      );
    });

    it("can describe log groups, which the flow-logs service calls before it publishes", () => {
      assert.ok(
        policy.Statement.some(
          (s) =>
            (s.Action as string[]).includes("logs:DescribeLogGroups") &&
            (s.Resource as string[]).includes("*"),
        ),
      );
    });

    it("writes only into the stack's own log group", () => {
      const write = policy.Statement.find((s) => (s.Action as string[]).includes("logs:PutLogEvents"))!;
      for (const resource of write.Resource as string[]) {
        assert.match(
          resource,
          /^arn:aws:logs:eu-west-1:123456789012:log-group:\/game-infra\/game-infra-dev\//,
        );
      }
    });

    it("trusts only flow logs of this account and region", () => {
      assert.deepEqual(trust.Statement[0]!.Condition, {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" },
      });
    });
  });
});
