// N3 as a stack policy: it relates the Karpenter controller's Helm release to other resources of the
// stack — the SQS queue its `settings.interruptionQueue` names, the managed node groups its
// `nodeSelector` must select, and the NodePools whose nodes it must not land on. The controller is
// the release of the `karpenter` chart (the `karpenter-crd` chart only carries the CRDs).
import type { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../../lib/define-policy";
import {
  AwsEksNodeGroup,
  EksManagedNodeGroup,
  HelmRelease,
  KARPENTER_NODE_POOL_TYPE,
  SqsQueue,
} from "../../lib/resource-types";
import { readKnown, resourcesOfType } from "../../lib/stack-resources";
import { recordOf } from "../../lib/values";

/** Labels every Linux node has: selecting on them alone places the controller anywhere. */
const NODE_WIDE_LABELS = ["kubernetes.io/os", "kubernetes.io/arch"];

/** Whether a Helm release installs Karpenter's controller (chart `karpenter`, by name or OCI reference). */
export function isKarpenterControllerRelease(resource: PolicyResource): boolean {
  const chart = readKnown(() => resource.props.chart) as unknown;
  return typeof chart === "string" && /(^|\/)karpenter$/.test(chart);
}

/** A resource's values read past the engine's unknown-checking proxy, as the Helm value rules read them. */
function helmValues(resource: PolicyResource): Record<string, unknown> {
  const values: unknown = Object.getOwnPropertyDescriptor(resource.props, "values")?.value;
  return values !== null && typeof values === "object" ? (values as Record<string, unknown>) : {};
}

const stringsOf = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(recordOf(value as Record<string, unknown> | undefined)).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );

/** Whether every entry of `selector` is a label of `labels`. */
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** N3: the controller reads an interruption queue of the stack and runs on a managed node group. */
export const karpenterControllerPlacement = stackPolicy(
  {
    name: "karpenter-queue-and-placement",
    catalogueId: "N3",
    check:
      "Karpenter's controller release names an SQS queue of the stack in settings.interruptionQueue, and its nodeSelector selects a managed node group's nodes and no NodePool's.",
    enforcementLevel: "mandatory",
  },
  (args, report) => {
    const releases = resourcesOfType(args.resources, HelmRelease).filter(isKarpenterControllerRelease);
    const nodePools = args.resources.filter((r) => KARPENTER_NODE_POOL_TYPE.test(r.type));
    if (releases.length === 0) {
      if (nodePools.length > 0) {
        report(
          "the stack has Karpenter NodePools but no release of the karpenter chart: its interruption queue and placement cannot be checked",
          nodePools[0]!.urn,
        );
      }
      return;
    }
    const queueNames = resourcesOfType(args.resources, SqsQueue)
      .map((q) => readKnown(() => q.props.name) as unknown)
      .filter((n): n is string => typeof n === "string");
    const groupLabels = [
      ...resourcesOfType(args.resources, EksManagedNodeGroup),
      ...resourcesOfType(args.resources, AwsEksNodeGroup),
    ].map((g) => ({ name: g.name, labels: stringsOf(readKnown(() => g.props.labels)) }));
    const poolLabels = nodePools.map((p) => ({
      name: p.name,
      labels: stringsOf(
        readKnown(
          () =>
            recordOf(
              recordOf(recordOf(p.props.spec).template as Record<string, unknown>).metadata as Record<
                string,
                unknown
              >,
            ).labels,
        ),
      ),
    }));

    for (const release of releases) {
      const values = helmValues(release);
      const queue = recordOf(values.settings as Record<string, unknown> | undefined).interruptionQueue;
      if (typeof queue !== "string" || queue === "") {
        report(
          "settings.interruptionQueue is unset: spot interruptions, rebalance recommendations and health events are not handled",
          release.urn,
        );
      } else if (!queueNames.includes(queue)) {
        report(
          `settings.interruptionQueue is "${queue}", but the stack has no SQS queue of that name`,
          release.urn,
        );
      }

      const selector = Object.fromEntries(
        Object.entries(stringsOf(values.nodeSelector)).filter(([k]) => !NODE_WIDE_LABELS.includes(k)),
      );
      if (Object.keys(selector).length === 0) {
        report(
          "nodeSelector selects no managed node group's label: the controller could be scheduled on a node it manages",
          release.urn,
        );
        continue;
      }
      const shown = JSON.stringify(selector);
      if (!groupLabels.some((g) => selects(selector, g.labels))) {
        report(`nodeSelector ${shown} matches no managed node group's labels`, release.urn);
      }
      for (const pool of poolLabels.filter((p) => selects(selector, p.labels))) {
        report(
          `nodeSelector ${shown} matches the nodes of NodePool ${pool.name}: the controller would run on nodes it manages`,
          release.urn,
        );
      }
    }
  },
);
