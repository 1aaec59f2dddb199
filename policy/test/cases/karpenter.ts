// Cases for the Karpenter policies (N1-N3), from the resources GameCluster creates for the game pool.
import * as aws from "../fixtures/aws";
import * as karpenter from "../fixtures/karpenter";
import { modified } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";

const pool = karpenter.nodePool();
const nodeClass = karpenter.ec2NodeClass();
const controller = karpenter.controllerRelease();
const queue = karpenter.interruptionQueue();
const systemNodes = modified(aws.managedNodeGroup("game-system"), (i) => {
  i.labels = { "game-infra/pool": "system" };
  i.taints = [];
});
/** A stack with everything N3 relates: the controller, its queue, the system node group, a NodePool. */
const placed = [systemNodes, controller, karpenter.crdRelease(), queue, pool];

/** Cases for N1-N3. */
export const karpenterCases: PolicyCase[] = [
  {
    policy: "karpenter-nodepool-limits-budgets",
    title: "accepts a NodePool with CPU and memory limits, a consolidation policy and budgets",
    resources: [pool],
  },
  {
    policy: "karpenter-nodepool-limits-budgets",
    title: "rejects a NodePool without a memory limit",
    resources: [modified(pool, (i) => delete i.spec.limits.memory)],
    violation:
      /spec\.limits\.memory is unset: Karpenter would add nodes for every pending pod, without bound/,
    urn: pool.urn,
  },
  {
    policy: "karpenter-nodepool-limits-budgets",
    title: "rejects a NodePool without limits at all, once per resource",
    resources: [modified(pool, (i) => delete i.spec.limits)],
    violation: /spec\.limits\.cpu is unset/,
  },
  {
    policy: "karpenter-nodepool-limits-budgets",
    title: "rejects a NodePool that leaves disruption to Karpenter's defaults",
    resources: [modified(pool, (i) => delete i.spec.disruption)],
    violation: /spec\.disruption is unset/,
  },
  {
    policy: "karpenter-nodepool-limits-budgets",
    title: "rejects an empty budget list (Karpenter's implicit 10% around the clock)",
    resources: [modified(pool, (i) => (i.spec.disruption.budgets = []))],
    violation: /spec\.disruption\.budgets is empty/,
  },
  {
    policy: "karpenter-nodepool-limits-budgets",
    title: "rejects a budget without a node count",
    resources: [modified(pool, (i) => delete i.spec.disruption.budgets[1].nodes)],
    violation: /spec\.disruption\.budgets\[1\] has no nodes/,
  },
  {
    policy: "karpenter-nodepool-limits-budgets",
    title: "judges NodePools of any served version (v1beta1 too)",
    resources: [
      {
        ...modified(pool, (i) => delete i.spec.limits.cpu),
        type: "kubernetes:karpenter.sh/v1beta1:NodePool",
        urn: pool.urn.replace("karpenter.sh/v1:", "karpenter.sh/v1beta1:"),
      },
    ],
    violation: /spec\.limits\.cpu is unset/,
  },
  {
    policy: "karpenter-nodeclass-pinned-hardened",
    title: "accepts a pinned Bottlerocket alias, IMDSv2 and encrypted volumes",
    resources: [nodeClass],
  },
  {
    policy: "karpenter-nodeclass-pinned-hardened",
    title: "rejects bottlerocket@latest",
    resources: [modified(nodeClass, (i) => (i.spec.amiSelectorTerms = [{ alias: "bottlerocket@latest" }]))],
    violation:
      /"bottlerocket@latest": @latest replaces every node whenever a new AMI is published, without review/,
    urn: nodeClass.urn,
  },
  {
    policy: "karpenter-nodeclass-pinned-hardened",
    title: "rejects another family's alias and AMIs chosen by tag",
    resources: [
      modified(nodeClass, (i) => (i.spec.amiSelectorTerms = [{ alias: "al2023@v20260101" }])),
      modified(
        nodeClass,
        (i) => (i.spec.amiSelectorTerms = [{ tags: { "karpenter.sh/discovery": "game" } }]),
      ),
    ],
    violation: /select the AMI by a pinned Bottlerocket alias/,
  },
  {
    policy: "karpenter-nodeclass-pinned-hardened",
    title: "rejects an unversioned alias such as bottlerocket@1.68",
    resources: [modified(nodeClass, (i) => (i.spec.amiSelectorTerms = [{ alias: "bottlerocket@1.68" }]))],
    violation: /pinned Bottlerocket alias \(bottlerocket@v<major>\.<minor>\.<patch>\)/,
  },
  {
    policy: "karpenter-nodeclass-pinned-hardened",
    title: "rejects IMDSv1 and IMDS options left to the CRD's default",
    resources: [
      modified(nodeClass, (i) => (i.spec.metadataOptions.httpTokens = "optional")),
      modified(nodeClass, (i) => delete i.spec.metadataOptions),
    ],
    violation: /spec\.metadataOptions\.httpTokens is ("optional"|unset); set it to "required"/,
  },
  {
    policy: "karpenter-nodeclass-pinned-hardened",
    title: "rejects an unencrypted data volume",
    resources: [modified(nodeClass, (i) => (i.spec.blockDeviceMappings[1].ebs.encrypted = false))],
    violation: /block device "\/dev\/xvdb" has encrypted false; set ebs\.encrypted: true/,
  },
  {
    policy: "karpenter-nodeclass-pinned-hardened",
    title: "rejects volumes left to the AMI family's defaults",
    resources: [modified(nodeClass, (i) => delete i.spec.blockDeviceMappings)],
    violation: /spec\.blockDeviceMappings is empty/,
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "accepts a controller on the system node group reading the stack's queue",
    resources: placed,
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "finds nothing to judge in a stack without Karpenter",
    resources: [systemNodes, queue],
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "rejects a controller whose interruption queue is not in the stack",
    resources: [systemNodes, controller, pool],
    violation:
      /settings\.interruptionQueue is "game-infra-dev-karpenter", but the stack has no SQS queue of that name/,
    urn: controller.urn,
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "rejects a controller without an interruption queue",
    resources: [
      systemNodes,
      modified(controller, (i) => delete i.values.settings.interruptionQueue),
      queue,
      pool,
    ],
    violation: /settings\.interruptionQueue is unset: spot interruptions/,
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "rejects a controller placed on the game NodePool's nodes",
    resources: [
      systemNodes,
      modified(controller, (i) => (i.values.nodeSelector = { "game-infra/pool": "game" })),
      queue,
      pool,
    ],
    violation:
      /matches the nodes of NodePool dev-karpenter-game-node-pool: the controller would run on nodes it manages/,
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "rejects a controller that selects only node-wide labels (it could land anywhere)",
    resources: [
      systemNodes,
      modified(controller, (i) => (i.values.nodeSelector = { "kubernetes.io/os": "linux" })),
      queue,
      pool,
    ],
    violation: /nodeSelector selects no managed node group's label/,
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "rejects a selector no managed node group satisfies",
    resources: [
      systemNodes,
      modified(controller, (i) => (i.values.nodeSelector = { "game-infra/pool": "tools" })),
      queue,
      pool,
    ],
    violation: /nodeSelector \{"game-infra\/pool":"tools"\} matches no managed node group's labels/,
  },
  {
    policy: "karpenter-queue-and-placement",
    title: "rejects NodePools with no controller release to check",
    resources: [systemNodes, queue, pool],
    violation: /Karpenter NodePools but no release of the karpenter chart/,
    urn: pool.urn,
  },
];
