/**
 * kube-green, the controller that puts environments to sleep (upstream/kube-green/): its namespace
 * and release, the chart values this program sets, the SleepInfo custom resource's group, version
 * and kind, and the validator built from the vendored CRD, which checks every SleepInfo the program
 * writes before it is registered (`components/game-environment.ts`) and again in every plan
 * (`tools/plan/k8s-validate.ts`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as k8s from "@pulumi/kubernetes";
import { httpsEgressSpec } from "./ci-runners";
import { crdSchemaValidator, type CrdSchemaValidator, type CustomResourceValidator } from "./crd-schema";
import type { Toleration } from "./grace";
import { defaultDenySpec, dnsEgressSpec } from "./platform-network-policies";

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

/** Where the vendored kube-green files live. */
export const KUBE_GREEN_UPSTREAM_DIR = join(__dirname, "..", "upstream", "kube-green");

/** The vendored SleepInfo CRD. */
export const SLEEP_INFO_CRD_FILE = "kube-green.com_sleepinfos.yaml";

/** The controller's namespace (the chart's README installs it there). */
export const KUBE_GREEN_NAMESPACE = "kube-green";

/** The Helm release's name. */
export const KUBE_GREEN_RELEASE = "kube-green";

/** The SleepInfo's API group and served version (the vendored CRD). */
export const SLEEP_INFO_API_VERSION = "kube-green.com/v1alpha1";

/** The kind kube-green schedules sleep with. */
export const SLEEP_INFO_KIND = "SleepInfo";

/** The webhook server's container port (the chart's Service targets it; the API server calls it). */
export const KUBE_GREEN_WEBHOOK_PORT = 9443;

let validator: CrdSchemaValidator | undefined;

/** The SleepInfo validator, read from the vendored CRD once. */
export function sleepInfoValidator(): CrdSchemaValidator {
  validator ??= crdSchemaValidator(readFileSync(join(KUBE_GREEN_UPSTREAM_DIR, SLEEP_INFO_CRD_FILE), "utf8"));
  return validator;
}

/** Problems of a kube-green custom resource as `<path>: <message>` lines; empty when it is valid. */
export function kubeGreenResourceProblems(manifest: Readonly<Record<string, unknown>>): string[] {
  if (manifest.kind !== SLEEP_INFO_KIND) {
    return [
      `kind: ${String(manifest.kind)} is not a kube-green kind this program knows (${SLEEP_INFO_KIND})`,
    ];
  }
  return sleepInfoValidator().problems(manifest);
}

/** The plan validator's entry for kube-green's API group. */
export const KUBE_GREEN_RESOURCE_VALIDATOR: CustomResourceValidator = {
  group: /^kube-green\.com\//,
  problems: kubeGreenResourceProblems,
};

/** Where the controller runs and how it tolerates a silent node. */
export interface KubeGreenControllerPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/**
 * The chart values (upstream/kube-green/values.yaml). The webhook's certificate is made by the
 * chart's hook Jobs rather than cert-manager, which these clusters do not run; metrics are off, as
 * nothing here scrapes them (and they would need a certificate of their own). The CRD stays when the
 * release goes (`crds.keep`): deleting it would delete every environment's SleepInfo.
 */
export function kubeGreenControllerValues(placement: KubeGreenControllerPlacement) {
  return {
    manager: { metrics: { enabled: false } },
    certManager: { enabled: false },
    jobsCert: { enabled: true },
    nodeSelector: { ...placement.nodeSelector },
    tolerations: placement.tolerations.map((t) => ({ ...t })),
    crds: { enabled: true, keep: true },
  };
}

/**
 * The namespace's NetworkPolicies, as specs by name. In: only the webhook port, from the VPC (the
 * EKS control plane calls admission webhooks through its network interfaces in the cluster's
 * subnets); the kubelet's probes come from the node, which the VPC CNI's policy agent always admits.
 * Out: the cluster DNS and HTTPS (the Kubernetes API; the certificate Jobs call it too).
 */
export function kubeGreenNetworkPolicies(vpcCidr: string): Record<string, NetworkPolicySpec> {
  return {
    "default-deny": defaultDenySpec(),
    "allow-dns": dnsEgressSpec(),
    "allow-https-egress": httpsEgressSpec(),
    "allow-webhook": {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ ipBlock: { cidr: vpcCidr } }],
          ports: [{ protocol: "TCP", port: KUBE_GREEN_WEBHOOK_PORT }],
        },
      ],
    },
  };
}
