// Pod security policies (catalogue K1-K9) on every pod template (Deployment, StatefulSet, DaemonSet,
// Job, CronJob, Pod) and on Helm release values that set the same fields. Each accepts an
// `allowedWorkloads` list in config (namespace + name + reason), e.g. the log collector's hostPath.
import { allowedWorkloadsSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { helmValueFindings, podTemplateFindings } from "../../lib/findings";
import { type Container, type PodSpec, containersOf } from "../../lib/pod-templates";
import { arrayOf } from "../../lib/values";

const allowList = { allowedWorkloads: allowedWorkloadsSchema };
const restrictedSeccomp = ["RuntimeDefault", "Localhost"];
const allowedAddedCapabilities = ["NET_BIND_SERVICE"];

/** Problems found in each container, labelled with the container. */
function perContainer(spec: PodSpec, problem: (c: Container, spec: PodSpec) => string | undefined): string[] {
  return containersOf(spec).flatMap(({ container, label }) => {
    const found = problem(container, spec);
    return found ? [`${label} ${found}`] : [];
  });
}

/** K1: no privileged containers. */
export const k8sNoPrivileged = resourcePolicy(
  {
    name: "k8s-no-privileged",
    catalogueId: "K1",
    check: "No container runs privileged.",
    enforcementLevel: "mandatory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      perContainer(spec, (c) => (c.securityContext?.privileged === true ? "is privileged" : undefined)),
    ),
    helmValueFindings((e) => (e.key === "privileged" && e.value === true ? "privileged: true" : undefined)),
  ],
);

const hostNamespaces = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** K2: no host network, PID or IPC namespaces. */
export const k8sNoHostNamespaces = resourcePolicy(
  {
    name: "k8s-no-host-namespaces",
    catalogueId: "K2",
    check: "Pods do not share the host's network, PID or IPC namespace.",
    enforcementLevel: "mandatory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      hostNamespaces.filter((k) => spec[k] === true).map((k) => `pod sets ${k}: true`),
    ),
    helmValueFindings((e) =>
      (hostNamespaces as readonly string[]).includes(e.key) && e.value === true
        ? `${e.key}: true`
        : undefined,
    ),
  ],
);

/** K3: no host ports. */
export const k8sNoHostPorts = resourcePolicy(
  {
    name: "k8s-no-host-ports",
    catalogueId: "K3",
    check: "No container binds a host port.",
    enforcementLevel: "advisory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      perContainer(spec, (c) => {
        const hostPorts = arrayOf(c.ports).flatMap((p) => (p.hostPort ? [p.hostPort] : []));
        return hostPorts.length > 0 ? `binds host port(s) ${hostPorts.join(", ")}` : undefined;
      }),
    ),
    helmValueFindings((e) =>
      e.key === "hostPort" && typeof e.value === "number" && e.value > 0 ? `hostPort: ${e.value}` : undefined,
    ),
  ],
);

/** K4: no hostPath volumes. */
export const k8sNoHostPath = resourcePolicy(
  {
    name: "k8s-no-host-path",
    catalogueId: "K4",
    check: "Pods mount no hostPath volumes (the log collector is allow-listed in tier config).",
    enforcementLevel: "mandatory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      arrayOf(spec.volumes)
        .filter((v) => v.hostPath !== undefined && v.hostPath !== null)
        .map((v) => `volume "${v.name}" mounts host path ${v.hostPath?.path}`),
    ),
    helmValueFindings((e) =>
      e.key === "hostPath" && e.value !== null && typeof e.value === "object"
        ? "mounts a hostPath volume"
        : undefined,
    ),
  ],
);

/** K5: privilege escalation explicitly off. */
export const k8sNoPrivilegeEscalation = resourcePolicy(
  {
    name: "k8s-no-privilege-escalation",
    catalogueId: "K5",
    check: "Every container sets allowPrivilegeEscalation: false.",
    enforcementLevel: "mandatory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      perContainer(spec, (c) =>
        c.securityContext?.allowPrivilegeEscalation === false
          ? undefined
          : "does not set allowPrivilegeEscalation: false",
      ),
    ),
    helmValueFindings((e) =>
      e.key === "allowPrivilegeEscalation" && e.value === true ? "allowPrivilegeEscalation: true" : undefined,
    ),
  ],
);

/** K6: containers run as a non-root user. */
export const k8sRunAsNonRoot = resourcePolicy(
  {
    name: "k8s-run-as-non-root",
    catalogueId: "K6",
    check: "Every container runs with runAsNonRoot: true and a runAsUser other than 0.",
    enforcementLevel: "mandatory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      perContainer(spec, (c, pod) => {
        const nonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        const user = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
        if (user === 0) return "runs as user 0 (root)";
        return nonRoot === true ? undefined : "does not set runAsNonRoot: true (pod or container)";
      }),
    ),
    helmValueFindings((e) => {
      if (e.key === "runAsNonRoot" && e.value === false) return "runAsNonRoot: false";
      return e.key === "runAsUser" && e.value === 0 ? "runAsUser: 0" : undefined;
    }),
  ],
);

/** K7: a restricted seccomp profile. */
export const k8sSeccompProfile = resourcePolicy(
  {
    name: "k8s-seccomp-profile",
    catalogueId: "K7",
    check: "Pods use the RuntimeDefault or a Localhost seccomp profile.",
    enforcementLevel: "mandatory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) => {
      const podProfile = spec.securityContext?.seccompProfile?.type;
      return perContainer(spec, (c) => {
        const profile = c.securityContext?.seccompProfile?.type ?? podProfile;
        return profile !== undefined && restrictedSeccomp.includes(profile)
          ? undefined
          : `has seccomp profile ${profile ?? "unset"}; use RuntimeDefault`;
      });
    }),
    helmValueFindings((e) => {
      const type: unknown = (e.value as { type?: unknown } | null)?.type;
      return e.key === "seccompProfile" && type === "Unconfined"
        ? "seccompProfile.type: Unconfined"
        : undefined;
    }),
  ],
);

/** K8: capabilities dropped, only NET_BIND_SERVICE added back. */
export const k8sDropAllCapabilities = resourcePolicy(
  {
    name: "k8s-drop-all-capabilities",
    catalogueId: "K8",
    check: "Every container drops ALL capabilities and adds back at most NET_BIND_SERVICE.",
    enforcementLevel: "mandatory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      perContainer(spec, (c) => {
        const capabilities = c.securityContext?.capabilities;
        const added = arrayOf(capabilities?.add).filter((cap) => !allowedAddedCapabilities.includes(cap));
        if (added.length > 0) return `adds capabilities ${added.join(", ")}`;
        return arrayOf(capabilities?.drop).includes("ALL") ? undefined : "does not drop ALL capabilities";
      }),
    ),
    helmValueFindings((e) => {
      if (e.key !== "capabilities" || e.value === null || typeof e.value !== "object") return undefined;
      const add = arrayOf((e.value as { add?: string[] }).add).filter(
        (cap) => !allowedAddedCapabilities.includes(cap),
      );
      return add.length > 0 ? `adds capabilities ${add.join(", ")}` : undefined;
    }),
  ],
);

/** K9: read-only root filesystem. */
export const k8sReadOnlyRootFilesystem = resourcePolicy(
  {
    name: "k8s-read-only-root-filesystem",
    catalogueId: "K9",
    check: "Every container has a read-only root filesystem.",
    enforcementLevel: "advisory",
    config: allowList,
  },
  [
    podTemplateFindings(({ spec }) =>
      perContainer(spec, (c) =>
        c.securityContext?.readOnlyRootFilesystem === true
          ? undefined
          : "does not set readOnlyRootFilesystem: true",
      ),
    ),
    helmValueFindings((e) =>
      e.key === "readOnlyRootFilesystem" && e.value === false ? "readOnlyRootFilesystem: false" : undefined,
    ),
  ],
);

/** The pod security policies. */
export const podSecurityPolicies = [
  k8sNoPrivileged,
  k8sNoHostNamespaces,
  k8sNoHostPorts,
  k8sNoHostPath,
  k8sNoPrivilegeEscalation,
  k8sRunAsNonRoot,
  k8sSeccompProfile,
  k8sDropAllCapabilities,
  k8sReadOnlyRootFilesystem,
];
