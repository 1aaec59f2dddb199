/**
 * Network policies of the platform namespace, as plain specs. The namespace holds the RDS admin
 * credentials, so nothing may connect to its pods, and its pods may reach only the cluster DNS and,
 * for the database bootstrap Jobs, MySQL inside the VPC.
 */
import type * as k8s from "@pulumi/kubernetes";
import { MYSQL_PORT } from "./mysql-settings";

/** A NetworkPolicy spec in the SDK's input shape. */
type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

/** Labels of the cluster DNS pods (CoreDNS keeps the historic `kube-dns` label). */
const CLUSTER_DNS = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};

/** Every pod of the namespace: no ingress, no egress, unless another policy allows it. */
export function defaultDenySpec(): NetworkPolicySpec {
  return { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
}

/** Every pod may resolve names through the cluster DNS. */
export function dnsEgressSpec(): NetworkPolicySpec {
  return {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [
      {
        to: [CLUSTER_DNS],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ],
  };
}

/** Pods with `app.kubernetes.io/component: <component>` may open MySQL connections inside the VPC. */
export function mysqlEgressSpec(component: string, vpcCidr: string): NetworkPolicySpec {
  return {
    podSelector: { matchLabels: { "app.kubernetes.io/component": component } },
    policyTypes: ["Egress"],
    egress: [{ to: [{ ipBlock: { cidr: vpcCidr } }], ports: [{ protocol: "TCP", port: MYSQL_PORT }] }],
  };
}
