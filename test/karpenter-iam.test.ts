/**
 * The AWS side of Karpenter on the dev stack against Karpenter 1.14.1's getting-started template
 * (upstream/karpenter/cloudformation.yaml): the controller's permissions, the node role and its
 * access entry, the interruption queue, its policy and the EventBridge rules feeding it.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { KARPENTER_CONTROLLER_NARROWINGS } from "../lib/karpenter-iam";
import { runStack, type Registered } from "./harness";
import {
  karpenterTemplate,
  substitute,
  templatePolicy,
  templatePolicyIds,
  type Intrinsic,
  type Substitutions,
} from "./support/cloudformation";
import { uncoveredGrants, type Gap, type JsonPolicy } from "./support/iam-coverage";

type Json = Record<string, unknown>;
const inputs = (r: { inputs: unknown }) => r.inputs as Json;

const CLUSTER = "game-infra-dev";
const NODE_ROLE_ARN = "arn:aws:iam::123456789012:role/dev-karpenter-node";
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:game-infra-dev-karpenter";
/** The dev stack's values for the template's parameters and attributes. */
const DEV: Substitutions = {
  "AWS::Partition": "aws",
  "AWS::Region": "eu-west-1",
  "AWS::AccountId": "123456789012",
  "AWS::URLSuffix": "amazonaws.com",
  ClusterName: CLUSTER,
  "KarpenterNodeRole.Arn": NODE_ROLE_ARN,
  "KarpenterInterruptionQueue.Arn": QUEUE_ARN,
};

const key = (g: Gap) => `${g.action} on ${g.resource}`;

describe("Karpenter's AWS resources on the dev stack", () => {
  let registered: Registered;
  before(async () => {
    ({ registered } = await runStack("dev"));
  });
  const json = <T>(type: string, name: string, field: string) =>
    JSON.parse(inputs(registered.one(type, name))[field] as string) as T;

  describe("the controller's permissions", () => {
    let ours: JsonPolicy;
    before(() => {
      ours = json<JsonPolicy>("aws:iam/rolePolicy:RolePolicy", "dev-karpenter-controller-policy", "policy");
    });

    it("grant every (action, resource) of the template's six policies as widely, except the reviewed narrowings", () => {
      assert.deepEqual(templatePolicyIds().sort(), [
        "EKSIntegrationPolicy",
        "IAMIntegrationPolicy",
        "InterruptionPolicy",
        "NodeLifecyclePolicy",
        "ResourceDiscoveryPolicy",
        "ZonalShiftPolicy",
      ]);
      const theirs: JsonPolicy = {
        Statement: templatePolicyIds().flatMap((id) => templatePolicy(id, DEV).Statement),
      };
      assert.deepEqual(
        uncoveredGrants(ours, theirs).map(key).sort(),
        KARPENTER_CONTROLLER_NARROWINGS.map(key).sort(),
        "an upstream grant the program leaves out must be a reviewed narrowing; a narrowing must still be one",
      );
      for (const n of KARPENTER_CONTROLLER_NARROWINGS) assert.ok(n.reason.length > 40, `${key(n)} says why`);
    });

    it("let the controller pass only the Karpenter node role, not the managed node groups' role", () => {
      const passRole = ours.Statement.filter((s) => [s.Action].flat().includes("iam:PassRole"));
      assert.deepEqual(
        passRole.map((s) => s.Resource),
        [NODE_ROLE_ARN],
      );
    });

    it("terminate and tag only instances carrying this cluster's ownership and node pool tags", () => {
      const deletion = ours.Statement.find((s) => [s.Action].flat().includes("ec2:TerminateInstances"))!;
      assert.deepEqual(deletion.Condition, {
        StringEquals: { "aws:ResourceTag/kubernetes.io/cluster/game-infra-dev": "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
      });
      assert.deepEqual(deletion.Resource, [
        "arn:aws:ec2:eu-west-1:*:instance/*",
        "arn:aws:ec2:eu-west-1:*:launch-template/*",
      ]);
    });

    it("belong to a role that only the karpenter service account in kube-system can assume", () => {
      const trust = json<{ Statement: Array<{ Condition: { StringEquals: Json } }> }>(
        "aws:iam/role:Role",
        "dev-karpenter-controller-role",
        "assumeRolePolicy",
      );
      assert.deepEqual(trust.Statement[0]!.Condition.StringEquals, {
        "oidc.eks.eu-west-1.amazonaws.com/id/GAMEINFRADEV:sub": "system:serviceaccount:kube-system:karpenter",
        "oidc.eks.eu-west-1.amazonaws.com/id/GAMEINFRADEV:aud": "sts.amazonaws.com",
      });
    });
  });

  describe("the node role", () => {
    it("has the template's managed policies and trusts EC2, as KarpenterNodeRole does", () => {
      const template = karpenterTemplate().KarpenterNodeRole!.Properties;
      const attached = registered
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((r) => r.name.startsWith("dev-karpenter-node-policy-"))
        .map((r) => inputs(r).policyArn as string)
        .sort();
      assert.deepEqual(
        attached,
        (template.ManagedPolicyArns as Intrinsic[]).map((p) => substitute(p.value, DEV)).sort(),
      );
      const trust = json<{ Statement: Array<{ Principal: { Service: string } }> }>(
        "aws:iam/role:Role",
        "dev-karpenter-node",
        "assumeRolePolicy",
      );
      const theirs = (
        template.AssumeRolePolicyDocument as { Statement: Array<{ Principal: { Service: Intrinsic } }> }
      ).Statement;
      assert.deepEqual(
        trust.Statement.map((s) => s.Principal.Service),
        theirs.map((s) => substitute(s.Principal.Service.value, DEV)),
      );
    });

    it("is let into the cluster by its own EC2_LINUX access entry, the only one the program creates", () => {
      const entries = registered.ofType("aws:eks/accessEntry:AccessEntry").map(inputs);
      assert.deepEqual(
        entries.map((e) => ({ clusterName: e.clusterName, principalArn: e.principalArn, type: e.type })),
        [{ clusterName: CLUSTER, principalArn: NODE_ROLE_ARN, type: "EC2_LINUX" }],
      );
      assert.equal(entries[0]!.kubernetesGroups, undefined);
    });
  });

  describe("interruption handling", () => {
    it("has an encrypted queue that keeps messages five minutes, as the template's", () => {
      const template = karpenterTemplate().KarpenterInterruptionQueue!.Properties;
      const queue = inputs(registered.one("aws:sqs/queue:Queue", "dev-karpenter-interruption"));
      assert.equal(queue.name, "game-infra-dev-karpenter");
      assert.equal(queue.messageRetentionSeconds, template.MessageRetentionPeriod);
      assert.equal(queue.sqsManagedSseEnabled, template.SqsManagedSseEnabled);
      assert.equal(queue.messageRetentionSeconds, 300);
      assert.equal(queue.sqsManagedSseEnabled, true);
    });

    it("lets EventBridge send to the queue and refuses plain HTTP, with the template's queue policy", () => {
      const ours = json<Json>("aws:sqs/queuePolicy:QueuePolicy", "dev-karpenter-interruption", "policy");
      const theirs = karpenterTemplate().KarpenterInterruptionQueuePolicy!.Properties.PolicyDocument as {
        Id: string;
        Statement: Json[];
      };
      // The template's !GetAtt of the queue is the queue's ARN; its YAML `false` is IAM's "false".
      const resolved = JSON.parse(
        JSON.stringify(theirs.Statement, (k, v: unknown) =>
          (v as Intrinsic | undefined)?.intrinsic === "GetAtt"
            ? QUEUE_ARN
            : k === "aws:SecureTransport"
              ? String(v)
              : v,
        ),
      ) as Json[];
      assert.deepEqual(ours, { Version: "2012-10-17", Id: theirs.Id, Statement: resolved });
      assert.equal(
        inputs(registered.one("aws:sqs/queuePolicy:QueuePolicy", "dev-karpenter-interruption")).queueUrl,
        "https://sqs.eu-west-1.amazonaws.com/123456789012/game-infra-dev-karpenter",
      );
    });

    it("feeds the queue from the template's five EventBridge rules, pattern for pattern", () => {
      const ours = Object.fromEntries(
        registered
          .ofType("aws:cloudwatch/eventRule:EventRule")
          .map((r) => [
            r.name.replace("dev-karpenter-", ""),
            JSON.parse(inputs(r).eventPattern as string) as Json,
          ]),
      );
      assert.deepEqual(ours, {
        "scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
        "spot-interruption": {
          source: ["aws.ec2"],
          "detail-type": ["EC2 Spot Instance Interruption Warning"],
        },
        rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
        "instance-state-change": {
          source: ["aws.ec2"],
          "detail-type": ["EC2 Instance State-change Notification"],
        },
        "capacity-reservation-interruption": {
          source: ["aws.ec2"],
          "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"],
        },
      });
      const template = Object.values(karpenterTemplate())
        .filter((r) => r.Type === "AWS::Events::Rule")
        .map((r) => r.Properties.EventPattern);
      assert.deepEqual(
        Object.values(ours)
          .map((p) => JSON.stringify(p))
          .sort(),
        template.map((p) => JSON.stringify(p)).sort(),
      );
      const targets = registered.ofType("aws:cloudwatch/eventTarget:EventTarget").map(inputs);
      assert.equal(targets.length, 5);
      for (const target of targets) {
        assert.equal(target.arn, QUEUE_ARN);
        assert.equal(target.targetId, "KarpenterInterruptionQueueTarget");
      }
    });
  });
});
