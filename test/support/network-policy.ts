/**
 * TEST ONLY: evaluates NetworkPolicies the way the API defines them, to check what may reach a pod.
 * A pod is isolated for ingress once any policy with type Ingress selects it; it then admits a
 * source that any such policy's rule admits.
 */
import { parseCidr } from "../../lib/cidr";
import type { NetworkPolicy } from "./k8s";

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** Whether a label selector selects `labels` (an empty selector selects everything). */
export function selects(selector: Selector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const has = e.key in labels;
    switch (e.operator) {
      case "In":
        return has && (e.values ?? []).includes(labels[e.key]!);
      case "NotIn":
        return !has || !(e.values ?? []).includes(labels[e.key]!);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        throw new Error(`unknown operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

function inCidr(ip: string, cidr: string): boolean {
  const block = parseCidr(cidr)!;
  const host = parseCidr(`${ip}/32`)!;
  return host.network >= block.network && host.network < block.network + 2 ** (32 - block.prefix);
}

/** A pod that traffic goes to. */
export interface Target {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Where traffic comes from: a pod (with its namespace's labels and its IP), or an address outside the cluster. */
export type Source =
  | {
      readonly kind: "pod";
      readonly namespace: string;
      readonly namespaceLabels: Readonly<Record<string, string>>;
      readonly labels: Readonly<Record<string, string>>;
      readonly ip: string;
    }
  | { readonly kind: "external"; readonly ip: string };

/** Whether `policies` (all of the cluster's) admit `source` to `target` on `port`. */
export function admits(
  policies: readonly NetworkPolicy[],
  target: Target,
  source: Source,
  port: number,
): boolean {
  const applicable = policies.filter(
    (p) =>
      p.metadata?.namespace === target.namespace &&
      (p.spec?.policyTypes ?? ["Ingress"]).includes("Ingress") &&
      selects(p.spec?.podSelector as Selector, target.labels),
  );
  if (applicable.length === 0) return true;
  return applicable.some((p) =>
    (p.spec?.ingress ?? []).some((rule) => {
      const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((rp) => rp.port === port);
      const peers = rule.from ?? [];
      const fromOk =
        peers.length === 0 ||
        peers.some((peer) => {
          if (peer.ipBlock) return inCidr(source.ip, peer.ipBlock.cidr!);
          if (source.kind !== "pod") return false;
          const namespaceOk = peer.namespaceSelector
            ? selects(peer.namespaceSelector as Selector, source.namespaceLabels)
            : source.namespace === target.namespace;
          const podOk = peer.podSelector ? selects(peer.podSelector as Selector, source.labels) : true;
          return namespaceOk && podOk;
        });
      return portOk && fromOk;
    }),
  );
}
