/**
 * Startup, readiness and liveness probes from small descriptions. Readiness decides whether a pod
 * gets traffic and reacts fast; liveness restarts a pod and is slow and tolerant, on a different
 * check, so a pod that is merely busy or waiting for a dependency is taken out of rotation rather
 * than killed; startup holds both off while the server boots.
 */
import type * as k8s from "@pulumi/kubernetes";

/** Kubernetes probe, as the SDK takes it. */
export type Probe = k8s.types.input.core.v1.Probe;

/** What a probe checks: an HTTP path, a TCP port, or a command. */
export type ProbeCheck =
  | { readonly http: { readonly path: string; readonly port: string | number } }
  | { readonly tcp: { readonly port: string | number } }
  | { readonly exec: readonly string[] };

/** The checks of one container. */
export interface ProbeSpec {
  readonly readiness: ProbeCheck;
  readonly liveness: ProbeCheck;
  /** @default the liveness check */
  readonly startup?: ProbeCheck;
  /** Longest a start may take before the kubelet gives up and restarts the container. @default 180 */
  readonly startupSeconds?: number;
}

/** Timings, in seconds. Liveness tolerates 30 s of failure; readiness reacts within 15 s. */
export const PROBE_TIMINGS = {
  readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
  liveness: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
  startupPeriodSeconds: 5,
} as const;

/** The usual HTTP server: `/readyz` for readiness and `/livez` for liveness (and startup) on `port`. */
export function httpProbes(
  port: string | number,
  paths: { readiness?: string; liveness?: string } = {},
): ProbeSpec {
  return {
    readiness: { http: { path: paths.readiness ?? "/readyz", port } },
    liveness: { http: { path: paths.liveness ?? "/livez", port } },
  };
}

/** The probe handler fields for one check. */
export function probeHandler(check: ProbeCheck): Pick<Probe, "httpGet" | "tcpSocket" | "exec"> {
  if ("http" in check) return { httpGet: { path: check.http.path, port: check.http.port, scheme: "HTTP" } };
  if ("tcp" in check) return { tcpSocket: { port: check.tcp.port } };
  return { exec: { command: [...check.exec] } };
}

/** True when two checks probe the same thing the same way. */
export function sameCheck(a: ProbeCheck, b: ProbeCheck): boolean {
  return JSON.stringify(probeHandler(a)) === JSON.stringify(probeHandler(b));
}

/** The three probes of a container. */
export function containerProbes(spec: ProbeSpec): {
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
} {
  const startupSeconds = spec.startupSeconds ?? 180;
  return {
    startupProbe: {
      ...probeHandler(spec.startup ?? spec.liveness),
      periodSeconds: PROBE_TIMINGS.startupPeriodSeconds,
      timeoutSeconds: PROBE_TIMINGS.liveness.timeoutSeconds,
      failureThreshold: Math.max(1, Math.ceil(startupSeconds / PROBE_TIMINGS.startupPeriodSeconds)),
      successThreshold: 1,
    },
    readinessProbe: { ...probeHandler(spec.readiness), ...PROBE_TIMINGS.readiness },
    livenessProbe: { ...probeHandler(spec.liveness), ...PROBE_TIMINGS.liveness },
  };
}
