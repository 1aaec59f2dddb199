// EKS nodes seen two ways, as for the control plane (cluster-view.ts): the eks:index:ManagedNodeGroup
// component's inputs, and the aws:eks/nodeGroup:NodeGroup plus aws:ec2/launchTemplate:LaunchTemplate
// the real engine also sees. AWS-level node groups and launch templates under an
// eks:index:ManagedNodeGroup are skipped: the component check judged the same settings from its
// inputs, knowing what the component builds (its launch template sets httpTokens from enableIMDSv2
// and a hop limit of 2). Launch templates elsewhere — including one passed to a node group as
// `launchTemplate` — are checked on their own.
import {
  type ReportViolation,
  type ResourceValidation,
  type ResourceValidationArgs,
  validateResourceOfType,
} from "@pulumi/policy";

import { AwsEksNodeGroup, EksManagedNodeGroup, LaunchTemplate } from "../../lib/resource-types";
import { hasAncestorOfType } from "../../lib/urn";
import { arrayOf, isSet, type Props } from "../../lib/values";

/** Node settings, read lazily. */
export interface NodeGroupView {
  /** "component" for eks:index:ManagedNodeGroup, "aws" for aws:eks/nodeGroup:NodeGroup. */
  readonly level: "component" | "aws";
  /** True when SSH is enabled with no source security groups, which opens port 22 to 0.0.0.0/0. */
  sshOpenToWorld(): boolean;
  /** True when the node group brings its own launch template (checked as a LaunchTemplate). */
  usesOwnLaunchTemplate(): boolean;
  /** Whether nodes require IMDSv2 when no own launch template is given. */
  requiresImdsv2(): boolean;
  instanceTypes(): readonly string[];
  /** Scaling bounds; undefined parts are not set. */
  scaling(): { min?: number; desired?: number; max?: number };
}

// AL2023 and Bottlerocket AMIs require IMDSv2 by default; AL2 (the component's default OS) does not.
const imdsv2ByDefault = /^(AL2023|BOTTLEROCKET)/i;

/** The view of an eks:index:ManagedNodeGroup component's inputs. */
export function componentNodeGroupView(props: Props): NodeGroupView {
  return {
    level: "component",
    sshOpenToWorld: () => sshOpen(props.remoteAccess),
    usesOwnLaunchTemplate: () => isSet(props, "launchTemplate"),
    requiresImdsv2: () => {
      if (props.enableIMDSv2 !== undefined) return props.enableIMDSv2 === true;
      return imdsv2ByDefault.test(String(props.amiType ?? props.operatingSystem ?? "AL2"));
    },
    instanceTypes: () => arrayOf<string>(props.instanceTypes),
    scaling: () => scalingOf(props.scalingConfig),
  };
}

/** The view of an aws:eks/nodeGroup:NodeGroup's inputs. */
export function awsNodeGroupView(props: Props): NodeGroupView {
  return {
    level: "aws",
    sshOpenToWorld: () => sshOpen(props.remoteAccess),
    usesOwnLaunchTemplate: () => isSet(props, "launchTemplate"),
    requiresImdsv2: () => imdsv2ByDefault.test(String(props.amiType ?? "AL2")),
    instanceTypes: () => arrayOf<string>(props.instanceTypes),
    scaling: () => scalingOf(props.scalingConfig),
  };
}

function sshOpen(remoteAccess: Props | undefined): boolean {
  return isSet(remoteAccess, "ec2SshKey") && arrayOf(remoteAccess?.sourceSecurityGroupIds).length === 0;
}

function scalingOf(config: Props | undefined) {
  const n = (v: unknown) => (typeof v === "number" ? v : undefined);
  return { min: n(config?.minSize), desired: n(config?.desiredSize), max: n(config?.maxSize) };
}

/** True when the URN sits under an eks:index:ManagedNodeGroup component. */
export function insideManagedNodeGroupComponent(urn: string): boolean {
  return hasAncestorOfType(urn, [EksManagedNodeGroup.__pulumiType]);
}

/** A check of one node group. */
export type NodeGroupCheck = (
  nodes: NodeGroupView,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void;

/** Validations running `check` on ManagedNodeGroup components and on AWS node groups outside them. */
export function validateNodeGroups(check: NodeGroupCheck): ResourceValidation[] {
  return [
    validateResourceOfType(EksManagedNodeGroup, (props, args, report) =>
      check(componentNodeGroupView(props), args, report),
    ),
    validateResourceOfType(AwsEksNodeGroup, (props, args, report) => {
      if (insideManagedNodeGroupComponent(args.urn)) {
        return args.notApplicable("Checked on the parent eks:index:ManagedNodeGroup component");
      }
      check(awsNodeGroupView(props), args, report);
    }),
  ];
}

/** A check of one launch template's metadata options. */
export type LaunchTemplateCheck = (
  metadataOptions: Props | undefined,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void;

/** A validation running `check` on launch templates outside eks:index:ManagedNodeGroup components. */
export function validateLaunchTemplates(check: LaunchTemplateCheck): ResourceValidation {
  return validateResourceOfType(LaunchTemplate, (props, args, report) => {
    if (insideManagedNodeGroupComponent(args.urn)) {
      return args.notApplicable("Checked on the parent eks:index:ManagedNodeGroup component");
    }
    check(props.metadataOptions, args, report);
  });
}
