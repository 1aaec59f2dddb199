// VPC policies (catalogue V6-V8). V6 and V7 span resources: a VPC is compliant when a restricted
// default security group / a flow log refers to it (see uncoveredTargets for how references are
// traced offline).
import { checkResource } from "../../lib/check-resource";
import { stringListSchema } from "../../lib/config-schemas";
import { resourcePolicy, stackPolicy } from "../../lib/define-policy";
import { DefaultSecurityGroup, FlowLog, Subnet, Vpc } from "../../lib/resource-types";
import { readKnown, resourcesOfType, uncoveredTargets } from "../../lib/stack-resources";
import { arrayOf } from "../../lib/values";
import { isPublicSubnet } from "../eks/private-subnets";

const defaultPublicSubnetTags = ["kubernetes.io/role/elb"];

/** V6: every VPC's default security group is adopted and left without rules. */
export const vpcDefaultSecurityGroupClosed = stackPolicy(
  {
    name: "vpc-default-security-group-closed",
    catalogueId: "V6",
    check: "Every VPC's default security group is managed (aws.ec2.DefaultSecurityGroup) with no rules.",
    enforcementLevel: "advisory",
  },
  (args, report) => {
    const groups = resourcesOfType(args.resources, DefaultSecurityGroup);
    for (const group of groups) {
      const ruleCount = readKnown(
        () => arrayOf(group.props.ingress).length + arrayOf(group.props.egress).length,
      );
      if (ruleCount !== undefined && ruleCount > 0) {
        report(`the default security group keeps ${ruleCount} rule(s); remove them all`, group.urn);
      }
    }
    for (const vpc of uncoveredTargets(resourcesOfType(args.resources, Vpc), groups, "vpcId")) {
      report(
        "the VPC's default security group is not managed, so it keeps AWS's allow-all rules; adopt it with aws.ec2.DefaultSecurityGroup and no rules",
        vpc.urn,
      );
    }
  },
);

/** V7: every VPC has a flow log. */
export const vpcFlowLogs = stackPolicy(
  {
    name: "vpc-flow-logs",
    catalogueId: "V7",
    check: "Every VPC has a flow log.",
    enforcementLevel: "advisory",
  },
  (args, report) => {
    const flowLogs = resourcesOfType(args.resources, FlowLog);
    for (const vpc of uncoveredTargets(resourcesOfType(args.resources, Vpc), flowLogs, "vpcId")) {
      report("the VPC has no flow log", vpc.urn);
    }
  },
);

/** V8: only subnets marked public map public IPs on launch. */
export const subnetNoAutoPublicIp = resourcePolicy(
  {
    name: "subnet-no-auto-public-ip",
    catalogueId: "V8",
    check: "Subnets not marked public (by tag) do not assign public IPs on launch.",
    enforcementLevel: "advisory",
    config: {
      publicSubnetTagKeys: stringListSchema(
        "Subnet tags that mark a subnet as public.",
        defaultPublicSubnetTags,
      ),
    },
  },
  checkResource(Subnet, (subnet, args) => {
    if (subnet.mapPublicIpOnLaunch !== true) return undefined;
    const { publicSubnetTagKeys = defaultPublicSubnetTags } = args.getConfig<{
      publicSubnetTagKeys?: string[];
    }>();
    const markedPublic = isPublicSubnet({ tags: subnet.tags }, publicSubnetTagKeys);
    return markedPublic
      ? undefined
      : `mapPublicIpOnLaunch is true on a subnet without a public tag (${publicSubnetTagKeys.join(", ")})`;
  }),
);

/** The VPC policies. */
export const vpcPolicies = [vpcDefaultSecurityGroupClosed, vpcFlowLogs, subnetNoAutoPublicIp];
