// The EKS control plane seen two ways: the eks:index:Cluster component's inputs (the offline plan,
// and the real engine) and the aws:eks/cluster:Cluster inside it (the real engine only). Each
// control-plane policy checks one view, `ClusterView`, and runs on both types. To report each
// problem once, the AWS-level check skips clusters whose URN has an eks:index:Cluster ancestor: the
// component check already judged the same setting from the component's inputs (using the component's
// documented defaults). A cluster created with aws.eks.Cluster directly is checked at the AWS level.
import {
  type ReportViolation,
  type ResourceValidation,
  type ResourceValidationArgs,
  validateResourceOfType,
} from "@pulumi/policy";

import { AwsEksCluster, EksCluster } from "../../lib/resource-types";
import { hasAncestorOfType } from "../../lib/urn";
import { arrayOf, isSet, type Props } from "../../lib/values";

/** Control-plane settings, read lazily (any of them may be unknown during preview). */
export interface ClusterView {
  /** Whether the public API endpoint is on (both the component and AWS default to on). */
  publicAccess(): boolean;
  /** CIDRs allowed to reach the public endpoint (AWS defaults to 0.0.0.0/0). */
  publicAccessCidrs(): readonly string[];
  /** Whether a KMS key envelope-encrypts Kubernetes secrets. */
  encryptsSecrets(): boolean;
  /** Enabled control-plane log types. */
  logTypes(): readonly string[];
  /** Requested Kubernetes version, undefined when EKS picks the default. */
  version(): string | undefined;
  /** Authentication mode (both default to CONFIG_MAP). */
  authenticationMode(): string;
}

const worldOnly = ["0.0.0.0/0"];

/** The view of an eks:index:Cluster component's inputs. */
export function componentClusterView(props: Props): ClusterView {
  return {
    publicAccess: () => props.endpointPublicAccess !== false,
    publicAccessCidrs: () =>
      props.publicAccessCidrs === undefined ? worldOnly : arrayOf<string>(props.publicAccessCidrs),
    encryptsSecrets: () => isSet(props, "encryptionConfigKeyArn"),
    logTypes: () => arrayOf<string>(props.enabledClusterLogTypes),
    version: () => (typeof props.version === "string" ? props.version : undefined),
    authenticationMode: () => props.authenticationMode ?? "CONFIG_MAP",
  };
}

/** The view of an aws:eks/cluster:Cluster's inputs. */
export function awsClusterView(props: Props): ClusterView {
  return {
    publicAccess: () => props.vpcConfig?.endpointPublicAccess !== false,
    publicAccessCidrs: () =>
      props.vpcConfig?.publicAccessCidrs === undefined
        ? worldOnly
        : arrayOf<string>(props.vpcConfig.publicAccessCidrs),
    encryptsSecrets: () =>
      isSet(props.encryptionConfig?.provider, "keyArn") &&
      arrayOf<string>(props.encryptionConfig?.resources).includes("secrets"),
    logTypes: () => arrayOf<string>(props.enabledClusterLogTypes),
    version: () => (typeof props.version === "string" ? props.version : undefined),
    authenticationMode: () => props.accessConfig?.authenticationMode ?? "CONFIG_MAP",
  };
}

/** A check of one control plane. */
export type ClusterCheck = (
  cluster: ClusterView,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void;

/** Validations running `check` on eks:index:Cluster components and on AWS clusters outside them. */
export function validateClusters(check: ClusterCheck): ResourceValidation[] {
  return [
    validateResourceOfType(EksCluster, (props, args, report) =>
      check(componentClusterView(props), args, report),
    ),
    validateResourceOfType(AwsEksCluster, (props, args, report) => {
      if (hasAncestorOfType(args.urn, [EksCluster.__pulumiType])) {
        return args.notApplicable("Checked on the parent eks:index:Cluster component");
      }
      check(awsClusterView(props), args, report);
    }),
  ];
}
