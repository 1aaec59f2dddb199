// Catalogue W12 in two policies: no pre-release or deprecated API versions, and the recommended
// `app.kubernetes.io/*` labels on workloads and Services.
import type { ResourceValidation } from "@pulumi/policy";

import { stringListSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { kindOf, workloadClasses } from "../../lib/pod-templates";
import { Service } from "../../lib/resource-types";
import { recordOf } from "../../lib/values";

/** The `group/version` of a Kubernetes type token, or undefined for other providers and Pulumi-only types. */
export function apiVersionOf(type: string): string | undefined {
  const match = /^kubernetes:([^:]+):[^:]+$/.exec(type);
  if (!match) return undefined;
  const groupVersion = match[1];
  // Pulumi's own pseudo-groups (helm.sh, yaml, kustomize) are not Kubernetes APIs.
  if (/^(helm\.sh|yaml|kustomize)\//.test(groupVersion)) return undefined;
  return groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion;
}

/**
 * Custom resources the program writes whose CRD serves only a pre-release version, so there is no
 * other to move to: kube-green 0.7.1's SleepInfo is `kube-green.com/v1alpha1` only
 * (upstream/kube-green/kube-green.com_sleepinfos.yaml).
 */
export const PRE_RELEASE_ONLY_API_VERSIONS: readonly string[] = ["kube-green.com/v1alpha1"];

/** W12 (versions): no alpha, beta or deprecated API versions. */
export const k8sNoDeprecatedApiVersions = resourcePolicy(
  {
    name: "k8s-no-deprecated-api-versions",
    catalogueId: "W12",
    check: "No Kubernetes object uses an alpha, beta or deprecated API version.",
    enforcementLevel: "advisory",
    config: {
      deprecatedApiVersions: stringListSchema("GA API versions that are deprecated (group/version).", []),
      allowedPreReleaseApiVersions: stringListSchema(
        "Pre-release API versions of custom resources whose CRD serves no other version (group/version).",
        PRE_RELEASE_ONLY_API_VERSIONS,
      ),
    },
  },
  (args, report) => {
    const apiVersion = apiVersionOf(args.type);
    if (apiVersion === undefined) return args.notApplicable("Policy only applies to Kubernetes objects");
    const { deprecatedApiVersions = [], allowedPreReleaseApiVersions = PRE_RELEASE_ONLY_API_VERSIONS } =
      args.getConfig<{ deprecatedApiVersions?: string[]; allowedPreReleaseApiVersions?: string[] }>();
    if (allowedPreReleaseApiVersions.includes(apiVersion)) return;
    if (/\/v\d+(alpha|beta)\d*$/.test(apiVersion) || /^extensions\//.test(apiVersion)) {
      report(`${kindOf(args.type)} uses pre-release API ${apiVersion}`);
    } else if (deprecatedApiVersions.includes(apiVersion)) {
      report(`${kindOf(args.type)} uses deprecated API ${apiVersion}`);
    }
  },
);

const defaultRecommendedLabels = ["app.kubernetes.io/name"];

const labelled = [...workloadClasses, Service];

const checkLabels: ResourceValidation = (args, report) => {
  if (!labelled.some((cls) => args.isType(cls))) {
    return args.notApplicable("Policy only applies to workloads and Services");
  }
  const { requiredLabels = defaultRecommendedLabels } = args.getConfig<{ requiredLabels?: string[] }>();
  const labels = recordOf(args.props.metadata?.labels);
  const missing = requiredLabels.filter((l) => labels[l] === undefined || labels[l] === "");
  if (missing.length > 0) report(`${kindOf(args.type)} lacks recommended label(s) ${missing.join(", ")}`);
};

/** W12 (labels): workloads and Services carry the recommended labels. */
export const k8sRecommendedLabels = resourcePolicy(
  {
    name: "k8s-recommended-labels",
    catalogueId: "W12",
    check: "Workloads and Services carry the recommended app.kubernetes.io labels.",
    enforcementLevel: "advisory",
    config: {
      requiredLabels: stringListSchema(
        "Labels every workload and Service carries.",
        defaultRecommendedLabels,
      ),
    },
  },
  checkLabels,
);

/** The API hygiene policies. */
export const apiHygienePolicies = [k8sNoDeprecatedApiVersions, k8sRecommendedLabels];
