/**
 * Ingress rules for the `logging` namespace: nothing gets in except from pods of the namespace
 * itself and, for Dashboards only, from the VPC (where the shared ALB's nodes are). Game
 * environments cannot reach OpenSearch or Kafka. Egress is left open: the collector needs the API
 * server and every part needs DNS.
 */
import type * as k8s from "@pulumi/kubernetes";
import { DASHBOARDS_PORT } from "./dashboards";

/** The pod labels that select Dashboards (set by its chart). */
export const DASHBOARDS_POD_SELECTOR = { "app.kubernetes.io/name": "opensearch-dashboards" } as const;

/** The namespace's NetworkPolicies, by a short name. */
export function loggingNetworkPolicies(
  namespace: string,
  vpcCidr: string,
  labels: Readonly<Record<string, string>>,
): Record<string, k8s.networking.v1.NetworkPolicyArgs> {
  const metadata = (name: string) => ({ name, namespace, labels: { ...labels } });
  return {
    "default-deny-ingress": {
      metadata: metadata("default-deny-ingress"),
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    "allow-same-namespace": {
      metadata: metadata("allow-same-namespace"),
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
    },
    "allow-dashboards-from-load-balancer": {
      metadata: metadata("allow-dashboards-from-load-balancer"),
      spec: {
        podSelector: { matchLabels: { ...DASHBOARDS_POD_SELECTOR } },
        policyTypes: ["Ingress"],
        ingress: [
          { from: [{ ipBlock: { cidr: vpcCidr } }], ports: [{ protocol: "TCP", port: DASHBOARDS_PORT }] },
        ],
      },
    },
  };
}
