/**
 * NetworkPolicies of the launcher namespace. In: only the shared ALB, whose nodes sit in the public
 * subnets and reach the pods directly (`ip` targets), and only on the server's port; the ALB is
 * what authenticates users, so nothing else may reach the server and claim to be a signed-in user.
 * (Kubelet probes come from the node's IP, which the VPC CNI's policy agent always admits.) Out:
 * the cluster DNS, HTTPS (the Kubernetes API, the Git host, Slack) and, for an SSH remote, SSH.
 */
import type * as k8s from "@pulumi/kubernetes";
import { httpsEgressSpec } from "./ci-runners";
import { LAUNCHER_NAMESPACE, LAUNCHER_PORT } from "./launcher-contract";
import type { GitTransport } from "./launcher-settings";
import { defaultDenySpec, dnsEgressSpec } from "./platform-network-policies";

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

/** The port git's SSH transport connects to. */
export const SSH_PORT = 22;

/** What the policies are built from. */
export interface LauncherNetworkPolicyInput {
  /** The launcher pods' selector labels. */
  readonly selector: Readonly<Record<string, string>>;
  /** The public subnets' CIDRs (where the ALB's traffic comes from). */
  readonly loadBalancerCidrs: readonly string[];
  readonly gitTransport: GitTransport;
  readonly labels: Readonly<Record<string, string>>;
}

/** The namespace's NetworkPolicies, by name. */
export function launcherNetworkPolicies(
  input: LauncherNetworkPolicyInput,
): Record<string, k8s.networking.v1.NetworkPolicyArgs> {
  const specs: Record<string, NetworkPolicySpec> = {
    "default-deny": defaultDenySpec(),
    "allow-dns": dnsEgressSpec(),
    "allow-https-egress": httpsEgressSpec(),
    "allow-load-balancer": {
      podSelector: { matchLabels: { ...input.selector } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: input.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: [{ protocol: "TCP", port: LAUNCHER_PORT }],
        },
      ],
    },
    ...(input.gitTransport === "ssh"
      ? {
          "allow-ssh-egress": {
            podSelector: { matchLabels: { ...input.selector } },
            policyTypes: ["Egress"],
            egress: [{ ports: [{ protocol: "TCP", port: SSH_PORT }] }],
          },
        }
      : {}),
  };
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { metadata: { name, namespace: LAUNCHER_NAMESPACE, labels: { ...input.labels } }, spec },
    ]),
  );
}
