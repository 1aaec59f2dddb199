// N1 and N2: what every Karpenter NodePool and EC2NodeClass must say. Both are custom resources, so
// they are matched by type token pattern (every served version), not by an SDK class.
import type { ResourceValidation } from "@pulumi/policy";

import { resourcePolicy } from "../../lib/define-policy";
import { KARPENTER_NODE_CLASS_TYPE, KARPENTER_NODE_POOL_TYPE } from "../../lib/resource-types";
import { arrayOf, isSet, recordOf, show } from "../../lib/values";

/** A pinned Bottlerocket alias: `bottlerocket@v<major>.<minor>.<patch>` (never `@latest`). */
const PINNED_BOTTLEROCKET = /^bottlerocket@v\d+\.\d+\.\d+$/;

/** A validation of the custom resources whose type matches `type`. */
function validateCustomResources(type: RegExp, kind: string, check: ResourceValidation): ResourceValidation {
  return (args, report) => {
    if (!type.test(args.type)) return args.notApplicable(`Policy only applies to Karpenter ${kind}s`);
    return check(args, report);
  };
}

/** N1: a NodePool with limits on CPU and memory and explicit disruption budgets. */
export const karpenterNodePoolLimits = resourcePolicy(
  {
    name: "karpenter-nodepool-limits-budgets",
    catalogueId: "N1",
    check:
      "Every Karpenter NodePool sets spec.limits cpu and memory, and spec.disruption with a consolidation policy and at least one budget.",
    enforcementLevel: "mandatory",
  },
  validateCustomResources(KARPENTER_NODE_POOL_TYPE, "NodePool", (args, report) => {
    const spec = recordOf(args.props.spec);
    const limits = recordOf(spec.limits as Record<string, unknown> | undefined);
    for (const resource of ["cpu", "memory"]) {
      if (!isSet(limits, resource)) {
        report(
          `spec.limits.${resource} is unset: Karpenter would add nodes for every pending pod, without bound`,
        );
      }
    }
    const disruption = spec.disruption as Record<string, unknown> | undefined;
    if (!isSet(spec, "disruption")) {
      report(
        "spec.disruption is unset: set a consolidation policy and budgets for how many nodes may go at once",
      );
      return;
    }
    if (!isSet(recordOf(disruption), "consolidationPolicy")) {
      report("spec.disruption.consolidationPolicy is unset: say which nodes Karpenter may consolidate");
    }
    const budgets = arrayOf(recordOf(disruption).budgets as unknown[] | undefined);
    if (budgets.length === 0) {
      report(
        "spec.disruption.budgets is empty: Karpenter's implicit 10% applies around the clock; set budgets (and quiet hours)",
      );
    }
    budgets.forEach((budget, i) => {
      if (!isSet(recordOf(budget as Record<string, unknown>), "nodes")) {
        report(`spec.disruption.budgets[${i}] has no nodes: a budget says how many nodes may be disrupted`);
      }
    });
  }),
);

/** N2: an EC2NodeClass pinned to a Bottlerocket release, requiring IMDSv2, with encrypted volumes. */
export const karpenterNodeClassPinned = resourcePolicy(
  {
    name: "karpenter-nodeclass-pinned-hardened",
    catalogueId: "N2",
    check:
      "Every EC2NodeClass selects its AMI by a Bottlerocket alias pinned to a version (no @latest), sets metadataOptions.httpTokens required, and encrypts every block device.",
    enforcementLevel: "mandatory",
  },
  validateCustomResources(KARPENTER_NODE_CLASS_TYPE, "EC2NodeClass", (args, report) => {
    const spec = recordOf(args.props.spec);
    const terms = arrayOf(spec.amiSelectorTerms as unknown[] | undefined).map((t) =>
      recordOf(t as Record<string, unknown>),
    );
    const aliases = terms.map((t) => t.alias);
    if (terms.length === 0) {
      report("spec.amiSelectorTerms is empty: pin a Bottlerocket release with alias bottlerocket@v<version>");
    } else if (!aliases.every((a) => typeof a === "string" && PINNED_BOTTLEROCKET.test(a))) {
      const shown = terms.map((t) => (t.alias !== undefined ? show(t.alias) : show(t))).join(", ");
      report(
        /@latest/.test(shown)
          ? `spec.amiSelectorTerms selects ${shown}: @latest replaces every node whenever a new AMI is published, without review; pin a version such as bottlerocket@v1.68.1`
          : `spec.amiSelectorTerms selects ${shown}: select the AMI by a pinned Bottlerocket alias (bottlerocket@v<major>.<minor>.<patch>) so AMI updates arrive through review`,
      );
    }
    const metadata = recordOf(spec.metadataOptions as Record<string, unknown> | undefined);
    if (metadata.httpTokens !== "required") {
      report(
        `spec.metadataOptions.httpTokens is ${show(metadata.httpTokens)}; set it to "required" (IMDSv2 only) explicitly`,
      );
    }
    const devices = arrayOf(spec.blockDeviceMappings as unknown[] | undefined).map((d) =>
      recordOf(d as Record<string, unknown>),
    );
    if (devices.length === 0) {
      report(
        "spec.blockDeviceMappings is empty: declare the volumes (Bottlerocket's /dev/xvda and /dev/xvdb) with encrypted: true",
      );
    }
    for (const device of devices) {
      const ebs = recordOf(device.ebs as Record<string, unknown> | undefined);
      if (ebs.encrypted !== true) {
        report(
          `block device ${show(device.deviceName)} has encrypted ${show(ebs.encrypted)}; set ebs.encrypted: true`,
        );
      }
    }
  }),
);
