// Container reliability policies (catalogue W1-W5) on every pod template, and on Helm values that
// set `resources` or `image`. Probes are checked on long-running workloads only: a Job's pods finish.
import type * as k8s from "@pulumi/kubernetes";
import type { Unwrap } from "@pulumi/pulumi";

import { resourcePolicy } from "../../lib/define-policy";
import { helmValueFindings, podTemplateFindings } from "../../lib/findings";
import type { ValueEntry } from "../../lib/helm-values";
import {
  type Container,
  type PodSpec,
  containersOf,
  longRunningWorkloadClasses,
} from "../../lib/pod-templates";

type Resources = Unwrap<k8s.types.input.core.v1.ResourceRequirements>;

/** Problems found in each container, labelled with the container. */
function perContainer(spec: PodSpec, problem: (c: Container) => string | undefined, init = true): string[] {
  return containersOf(spec, { init }).flatMap(({ container, label }) => {
    const found = problem(container);
    return found ? [`${label} ${found}`] : [];
  });
}

/** The `resources` blocks that Helm values set (an object with requests or limits). */
function helmResources(e: ValueEntry): Resources | undefined {
  if (e.key !== "resources" || e.value === null || typeof e.value !== "object" || Array.isArray(e.value))
    return undefined;
  const value = e.value as Resources;
  return value.requests !== undefined || value.limits !== undefined ? value : undefined;
}

function missingRequests(resources: Resources | undefined): string | undefined {
  const missing = ["cpu", "memory"].filter((r) => resources?.requests?.[r] === undefined);
  return missing.length > 0 ? `has no ${missing.join(" or ")} request` : undefined;
}

/** W1: CPU and memory requests. */
export const k8sResourceRequests = resourcePolicy(
  {
    name: "k8s-resource-requests",
    catalogueId: "W1",
    check: "Every container requests CPU and memory.",
    enforcementLevel: "mandatory",
  },
  [
    podTemplateFindings(({ spec }) => perContainer(spec, (c) => missingRequests(c.resources))),
    helmValueFindings((e) => {
      const resources = helmResources(e);
      return resources ? missingRequests(resources) : undefined;
    }),
  ],
);

function missingLimit(resource: "memory" | "cpu") {
  return (resources: Resources | undefined) =>
    resources?.limits?.[resource] === undefined ? `has no ${resource} limit` : undefined;
}

/** W2 (mandatory part): a memory limit. */
export const k8sMemoryLimit = resourcePolicy(
  {
    name: "k8s-memory-limit",
    catalogueId: "W2",
    check: "Every container has a memory limit.",
    enforcementLevel: "mandatory",
  },
  [
    podTemplateFindings(({ spec }) => perContainer(spec, (c) => missingLimit("memory")(c.resources))),
    helmValueFindings((e) => {
      const resources = helmResources(e);
      return resources ? missingLimit("memory")(resources) : undefined;
    }),
  ],
);

/** W2 (advisory part): a CPU limit. */
export const k8sCpuLimit = resourcePolicy(
  {
    name: "k8s-cpu-limit",
    catalogueId: "W2",
    check: "Every container has a CPU limit.",
    enforcementLevel: "advisory",
  },
  [
    podTemplateFindings(({ spec }) => perContainer(spec, (c) => missingLimit("cpu")(c.resources))),
    helmValueFindings((e) => {
      const resources = helmResources(e);
      return resources ? missingLimit("cpu")(resources) : undefined;
    }),
  ],
);

/** W3: readiness probes on long-running workloads. */
export const k8sReadinessProbe = resourcePolicy(
  {
    name: "k8s-readiness-probe",
    catalogueId: "W3",
    check: "Every container of a long-running workload has a readiness probe.",
    enforcementLevel: "mandatory",
  },
  podTemplateFindings(
    ({ spec }) => perContainer(spec, (c) => (c.readinessProbe ? undefined : "has no readiness probe"), false),
    longRunningWorkloadClasses,
  ),
);

/** W4: liveness probes, different from the readiness probe. */
export const k8sLivenessProbe = resourcePolicy(
  {
    name: "k8s-liveness-probe",
    catalogueId: "W4",
    check:
      "Every container of a long-running workload has a liveness probe that differs from its readiness probe.",
    enforcementLevel: "advisory",
  },
  podTemplateFindings(
    ({ spec }) =>
      perContainer(
        spec,
        (c) => {
          if (!c.livenessProbe) return "has no liveness probe";
          return JSON.stringify(c.livenessProbe) === JSON.stringify(c.readinessProbe)
            ? "has a liveness probe identical to its readiness probe (a slow pod gets restarted instead of drained)"
            : undefined;
        },
        false,
      ),
    longRunningWorkloadClasses,
  ),
);

/** How an image reference pins its content. */
export function imagePinning(image: string): "digest" | "tag" | "latest" | "none" {
  if (image.includes("@sha256:")) return "digest";
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  if (colon < 0 || colon === image.length - 1) return "none";
  return image.slice(colon + 1) === "latest" ? "latest" : "tag";
}

/** W5 (mandatory part): images carry a tag other than latest. */
export const k8sImageTagPinned = resourcePolicy(
  {
    name: "k8s-image-tag-pinned",
    catalogueId: "W5",
    check: "Every image names a tag other than `latest` (or a digest).",
    enforcementLevel: "mandatory",
  },
  [
    podTemplateFindings(({ spec }) =>
      perContainer(spec, (c) => {
        const image = c.image ?? "";
        const pinning = imagePinning(image);
        if (pinning === "none") return `image "${image}" has no tag`;
        return pinning === "latest" ? `image "${image}" uses the latest tag` : undefined;
      }),
    ),
    helmValueFindings((e) => {
      if (e.key === "tag" && e.path.includes("image") && e.value === "latest") return "tag: latest";
      return e.key === "image" && typeof e.value === "string" && imagePinning(e.value) === "latest"
        ? `image "${e.value}" uses the latest tag`
        : undefined;
    }),
  ],
);

/** W5 (advisory part): images are pinned by digest. */
export const k8sImageDigest = resourcePolicy(
  {
    name: "k8s-image-digest",
    catalogueId: "W5",
    check: "Every image is pinned by digest.",
    enforcementLevel: "advisory",
  },
  podTemplateFindings(({ spec }) =>
    perContainer(spec, (c) =>
      imagePinning(c.image ?? "") === "digest" ? undefined : `image "${c.image}" is not pinned by digest`,
    ),
  ),
);

/** The container reliability policies. */
export const containerPolicies = [
  k8sResourceRequests,
  k8sMemoryLimit,
  k8sCpuLimit,
  k8sReadinessProbe,
  k8sLivenessProbe,
  k8sImageTagPinned,
  k8sImageDigest,
];
