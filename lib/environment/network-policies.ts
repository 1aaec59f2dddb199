/**
 * An environment's NetworkPolicies. Ingress is denied by default; then admitted from the
 * namespace's own pods, from the load balancer to the public servers, and from named shared
 * namespaces to named servers. No rule selects another namespace's pods by anything broader
 * than its name, so no environment reaches another's pods. (Kubelet probes come from the node's
 * IP, which the VPC CNI's policy agent always admits.) Egress stays open: servers call AWS
 * endpoints (RDS, ElastiCache) by name.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { APP_LABELS } from "../workload/labels";
import type { Keyed } from "../workload/manifest";

/** The label the API server puts on every namespace with its name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** A server the load balancer forwards to, and the port its pods listen on. */
export interface PublicServer {
  readonly server: string;
  readonly port: number;
}

/** A shared namespace allowed to reach some of the environment's servers (e.g. a metrics scraper). */
export interface SharedNamespaceAccess {
  readonly namespace: string;
  readonly servers: readonly string[];
  readonly ports: readonly number[];
}

/** What the policies are built from. */
export interface NetworkPolicyInput {
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly publicServers: readonly PublicServer[];
  /** Where the load balancer's traffic comes from: the public subnets (ALB nodes, `ip` targets). */
  readonly loadBalancerCidrs: readonly string[];
  readonly sharedNamespaces: readonly SharedNamespaceAccess[];
}

type NetworkPolicy = k8s.networking.v1.NetworkPolicyArgs;

/** Every NetworkPolicy of an environment. */
export function environmentNetworkPolicies(input: NetworkPolicyInput): Keyed<NetworkPolicy>[] {
  const policy = (
    name: string,
    spec: k8s.types.input.networking.v1.NetworkPolicySpec,
  ): Keyed<NetworkPolicy> => ({
    key: name,
    args: { metadata: { name, namespace: input.namespace, labels: { ...input.labels } }, spec },
  });
  const serversSelector = (servers: readonly string[]) => ({
    matchExpressions: [{ key: APP_LABELS.name, operator: "In", values: [...servers] }],
  });
  const tcp = (ports: readonly number[]) =>
    [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: "TCP", port }));

  const policies = [
    policy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }),
    policy("allow-same-namespace", {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: {} }] }],
    }),
  ];
  if (input.publicServers.length > 0 && input.loadBalancerCidrs.length > 0) {
    policies.push(
      policy("allow-load-balancer", {
        podSelector: serversSelector(input.publicServers.map((s) => s.server)),
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: input.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: tcp(input.publicServers.map((s) => s.port)),
          },
        ],
      }),
    );
  }
  for (const access of input.sharedNamespaces) {
    policies.push(
      policy(`allow-from-${access.namespace}`, {
        podSelector: serversSelector(access.servers),
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: access.namespace } } }],
            ports: tcp(access.ports),
          },
        ],
      }),
    );
  }
  return policies;
}
