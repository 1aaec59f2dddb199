// E6 as a stack policy: whether a subnet is public is a property of the subnet, not of the node group,
// so the node group's `subnetIds` are followed to the Subnet resources they refer to (see
// referencedResources). A subnet is public when it maps public IPs on launch or carries a tag that
// marks public subnets (by default the load-balancer tag `kubernetes.io/role/elb`).
// The offline plan has the component's `subnetIds`; the real engine's stack view has component
// outputs instead and sees the aws:eks/nodeGroup:NodeGroup inside it. A node group is judged once:
// an AWS node group is skipped when its eks component was already judged.
import type { PolicyResource } from "@pulumi/policy";

import { stringListSchema } from "../../lib/config-schemas";
import { stackPolicy } from "../../lib/define-policy";
import { AwsEksNodeGroup, EksManagedNodeGroup, Subnet } from "../../lib/resource-types";
import { readKnown, referencedResources, resourcesOfType } from "../../lib/stack-resources";
import { isSet, recordOf, type Props } from "../../lib/values";

const defaultPublicSubnetTags = ["kubernetes.io/role/elb"];

/** True when the subnet is public: it maps public IPs on launch or has one of `publicTagKeys`. */
export function isPublicSubnet(props: Props, publicTagKeys: readonly string[]): boolean {
  if (props.mapPublicIpOnLaunch === true) return true;
  const tags = recordOf(props.tags);
  return publicTagKeys.some((key) => isSet(tags, key));
}

/** E6: node groups run only in private subnets. */
export const eksNodesPrivateSubnets = stackPolicy(
  {
    name: "eks-nodes-private-subnets",
    catalogueId: "E6",
    check: "EKS node groups use only private subnets.",
    enforcementLevel: "advisory",
    config: {
      publicSubnetTagKeys: stringListSchema(
        "Subnet tags that mark a subnet as public.",
        defaultPublicSubnetTags,
      ),
    },
  },
  (args, report) => {
    const { publicSubnetTagKeys = defaultPublicSubnetTags } = args.getConfig<{
      publicSubnetTagKeys?: string[];
    }>();
    const subnets = resourcesOfType(args.resources, Subnet);
    const judged = new Set<string>();
    const judge = (nodeGroup: PolicyResource) => {
      const hasSubnets = readKnown(() => isSet(nodeGroup.props, "subnetIds")) ?? false;
      if (!hasSubnets) return;
      judged.add(nodeGroup.urn);
      const publicOnes = referencedResources(nodeGroup, "subnetIds", subnets).filter(
        (s) => readKnown(() => isPublicSubnet(s.props, publicSubnetTagKeys)) ?? false,
      );
      if (publicOnes.length > 0) {
        report(`node group uses public subnets: ${publicOnes.map((s) => s.name).join(", ")}`, nodeGroup.urn);
      }
    };
    resourcesOfType(args.resources, EksManagedNodeGroup).forEach(judge);
    for (const nodeGroup of resourcesOfType(args.resources, AwsEksNodeGroup)) {
      if (!hasJudgedAncestor(nodeGroup, judged)) judge(nodeGroup);
    }
  },
);

function hasJudgedAncestor(resource: PolicyResource, judged: ReadonlySet<string>): boolean {
  for (let p = resource.parent; p !== undefined; p = p.parent) if (judged.has(p.urn)) return true;
  return false;
}
