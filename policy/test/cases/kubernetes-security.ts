// Cases for the pod security policies (K1-K10) on pod templates and Helm values.
import * as k8s from "../fixtures/kubernetes";
import { modified, resource } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";
import type { Props } from "../../lib/values";

const gameserver = k8s.deployment("dev1", "gameserver");
const couchbase = k8s.statefulSet("dev1", "couchbase");
const report = k8s.cronJob("platform", "expiry-report");
const migrate = k8s.job("platform", "db-init-dev1");
const debugPod = k8s.pod("dev1", "debug");
const fluentBit = k8s.fluentBit();
const chart = k8s.helmRelease("aws-load-balancer-controller", "kube-system", k8s.compliantChartValues());
const fluentBitAllowed = {
  allowedWorkloads: [{ namespace: "logging", name: "fluent-bit", reason: "log collector" }],
};

/** The first container of a workload's pod template (Deployment-shaped inputs). */
function firstContainer(i: Props): Props {
  return i.spec.template.spec.containers[0];
}

function chartWith(change: (values: Props) => void) {
  return modified(chart, (i) => change(i.values));
}

/** Cases for K1-K10. */
export const kubernetesSecurityCases: PolicyCase[] = [
  {
    policy: "k8s-no-privileged",
    title: "accepts the GameWorkload defaults",
    resources: [gameserver, couchbase, report, migrate, debugPod, chart],
  },
  {
    policy: "k8s-no-privileged",
    title: "rejects a privileged Deployment container",
    resources: [modified(gameserver, (i) => (firstContainer(i).securityContext.privileged = true))],
    violation: /container "gameserver" is privileged/,
  },
  {
    policy: "k8s-no-privileged",
    title: "rejects a privileged init container in a CronJob's job template",
    resources: [
      modified(report, (i) => {
        i.spec.jobTemplate.spec.template.spec.initContainers = [
          { name: "setup", image: "busybox:1.36", securityContext: { privileged: true } },
        ];
      }),
    ],
    violation: /init container "setup" is privileged/,
  },
  {
    policy: "k8s-no-privileged",
    title: "rejects Helm values that make a chart privileged",
    resources: [chartWith((v) => (v.securityContext.privileged = true))],
    violation: /Helm values securityContext\.privileged: privileged: true/,
  },
  {
    policy: "k8s-no-privileged",
    title: "still reads Helm values when another value in them is unknown during preview",
    resources: [
      chartWith((v) => {
        v.serviceAccount = { annotations: { "eks.amazonaws.com/role-arn": "[unknown]" } };
        v.securityContext.privileged = true;
      }),
    ],
    violation: /privileged: true/,
  },
  {
    policy: "k8s-no-host-namespaces",
    title: "accepts pods in their own namespaces",
    resources: [gameserver, fluentBit, chart],
  },
  {
    policy: "k8s-no-host-namespaces",
    title: "rejects a bare Pod on the host network",
    resources: [modified(debugPod, (i) => (i.spec.hostNetwork = true))],
    violation: /hostNetwork: true/,
  },
  {
    policy: "k8s-no-host-namespaces",
    title: "rejects Helm values setting hostPID",
    resources: [chartWith((v) => (v.hostPID = true))],
    violation: /hostPID: true/,
  },
  {
    policy: "k8s-no-host-namespaces",
    title: "accepts an allow-listed node agent",
    resources: [modified(fluentBit, (i) => (i.spec.template.spec.hostNetwork = true))],
    settings: fluentBitAllowed,
  },
  {
    policy: "k8s-no-host-ports",
    title: "accepts container ports without host ports",
    resources: [gameserver, chart],
  },
  {
    policy: "k8s-no-host-ports",
    title: "rejects a Job binding a host port",
    resources: [
      modified(migrate, (i) => (firstContainer(i).ports = [{ containerPort: 8080, hostPort: 8080 }])),
    ],
    violation: /binds host port\(s\) 8080/,
  },
  {
    policy: "k8s-no-host-path",
    title: "rejects the log collector's hostPath when the tier does not allow it",
    resources: [fluentBit],
    violation: /volume "varlog" mounts host path \/var\/log/,
  },
  {
    policy: "k8s-no-host-path",
    title: "accepts the allow-listed log collector",
    resources: [fluentBit],
    settings: fluentBitAllowed,
  },
  {
    policy: "k8s-no-host-path",
    title: "rejects a workload named like the collector in another namespace",
    resources: [modified(fluentBit, (i) => (i.metadata.namespace = "dev1"))],
    settings: fluentBitAllowed,
    violation: /mounts host path/,
  },
  {
    policy: "k8s-no-host-path",
    title: "rejects Helm values that add a hostPath volume",
    resources: [
      chartWith((v) => (v.extraVolumes = [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }])),
    ],
    violation: /Helm values extraVolumes\[0\]\.hostPath: mounts a hostPath volume/,
  },
  {
    policy: "k8s-no-privilege-escalation",
    title: "accepts allowPrivilegeEscalation: false",
    resources: [gameserver, chart],
  },
  {
    policy: "k8s-no-privilege-escalation",
    title: "rejects a StatefulSet container that leaves it unset",
    resources: [
      modified(couchbase, (i) => delete firstContainer(i).securityContext.allowPrivilegeEscalation),
    ],
    violation: /container "couchbase" does not set allowPrivilegeEscalation: false/,
  },
  {
    policy: "k8s-no-privilege-escalation",
    title: "rejects Helm values allowing escalation",
    resources: [chartWith((v) => (v.securityContext.allowPrivilegeEscalation = true))],
    violation: /allowPrivilegeEscalation: true/,
  },
  {
    policy: "k8s-run-as-non-root",
    title: "accepts runAsNonRoot set once on the pod",
    resources: [
      modified(
        gameserver,
        (i) => (
          delete firstContainer(i).securityContext.runAsNonRoot,
          delete firstContainer(i).securityContext.runAsUser
        ),
      ),
    ],
  },
  {
    policy: "k8s-run-as-non-root",
    title: "rejects a container overriding the user to 0",
    resources: [modified(gameserver, (i) => (firstContainer(i).securityContext.runAsUser = 0))],
    violation: /runs as user 0/,
  },
  {
    policy: "k8s-run-as-non-root",
    title: "rejects a pod that sets runAsNonRoot nowhere",
    resources: [
      modified(gameserver, (i) => {
        delete i.spec.template.spec.securityContext.runAsNonRoot;
        delete firstContainer(i).securityContext.runAsNonRoot;
      }),
    ],
    violation: /does not set runAsNonRoot: true/,
  },
  {
    policy: "k8s-run-as-non-root",
    title: "rejects Helm values running as root",
    resources: [chartWith((v) => (v.podSecurityContext.runAsUser = 0))],
    violation: /runAsUser: 0/,
  },
  {
    policy: "k8s-seccomp-profile",
    title: "accepts RuntimeDefault on the pod",
    resources: [gameserver, chart],
  },
  {
    policy: "k8s-seccomp-profile",
    title: "accepts a Localhost profile on every container",
    resources: [
      modified(gameserver, (i) => {
        delete i.spec.template.spec.securityContext.seccompProfile;
        firstContainer(i).securityContext.seccompProfile = {
          type: "Localhost",
          localhostProfile: "profiles/game.json",
        };
      }),
    ],
  },
  {
    policy: "k8s-seccomp-profile",
    title: "rejects a container that opts out with Unconfined",
    resources: [
      modified(
        gameserver,
        (i) => (firstContainer(i).securityContext.seccompProfile = { type: "Unconfined" }),
      ),
    ],
    violation: /seccomp profile Unconfined/,
  },
  {
    policy: "k8s-seccomp-profile",
    title: "rejects a pod without any profile",
    resources: [modified(gameserver, (i) => delete i.spec.template.spec.securityContext.seccompProfile)],
    violation: /seccomp profile unset/,
  },
  {
    policy: "k8s-seccomp-profile",
    title: "rejects Helm values with an Unconfined profile",
    resources: [chartWith((v) => (v.podSecurityContext.seccompProfile.type = "Unconfined"))],
    violation: /Unconfined/,
  },
  {
    policy: "k8s-drop-all-capabilities",
    title: "accepts drop ALL plus NET_BIND_SERVICE",
    resources: [
      modified(
        gameserver,
        (i) => (firstContainer(i).securityContext.capabilities.add = ["NET_BIND_SERVICE"]),
      ),
    ],
  },
  {
    policy: "k8s-drop-all-capabilities",
    title: "rejects adding SYS_ADMIN",
    resources: [
      modified(gameserver, (i) => (firstContainer(i).securityContext.capabilities.add = ["SYS_ADMIN"])),
    ],
    violation: /adds capabilities SYS_ADMIN/,
  },
  {
    policy: "k8s-drop-all-capabilities",
    title: "rejects a container that keeps the default capabilities",
    resources: [modified(gameserver, (i) => delete firstContainer(i).securityContext.capabilities)],
    violation: /does not drop ALL/,
  },
  {
    policy: "k8s-drop-all-capabilities",
    title: "rejects Helm values adding NET_ADMIN",
    resources: [chartWith((v) => (v.securityContext.capabilities.add = ["NET_ADMIN"]))],
    violation: /adds capabilities NET_ADMIN/,
  },
  {
    policy: "k8s-read-only-root-filesystem",
    title: "accepts read-only root filesystems",
    resources: [gameserver, chart],
  },
  {
    policy: "k8s-read-only-root-filesystem",
    title: "rejects a writable root filesystem",
    resources: [
      modified(gameserver, (i) => (firstContainer(i).securityContext.readOnlyRootFilesystem = false)),
    ],
    violation: /does not set readOnlyRootFilesystem: true/,
  },
  {
    policy: "k8s-read-only-root-filesystem",
    title: "rejects Helm values with a writable root filesystem",
    resources: [chartWith((v) => (v.securityContext.readOnlyRootFilesystem = false))],
    violation: /readOnlyRootFilesystem: false/,
  },
  {
    policy: "k8s-no-default-namespace",
    title: "accepts workloads in their own namespaces",
    resources: [gameserver, chart],
  },
  {
    policy: "k8s-no-default-namespace",
    title: "rejects a Deployment without a namespace (lands in default)",
    resources: [modified(gameserver, (i) => delete i.metadata.namespace)],
    violation: /Deployment is deployed into the default namespace/,
  },
  {
    policy: "k8s-no-default-namespace",
    title: "takes the namespace from the Kubernetes provider when the object has none",
    resources: (() => {
      const provider = resource("pulumi:providers:kubernetes", "dev1-provider", { namespace: "dev1" });
      const workload = modified(
        k8s.deployment("dev1", "gameserver", 2, 200, { provider }),
        (i) => delete i.metadata.namespace,
      );
      return [provider, workload];
    })(),
  },
  {
    policy: "k8s-no-default-namespace",
    title: "rejects a Helm release without a namespace",
    resources: [modified(chart, (i) => delete i.namespace)],
    violation: /installed into the default namespace/,
  },
  {
    policy: "k8s-no-automount-service-account-token",
    title: "accepts pods without a token",
    resources: [gameserver],
  },
  {
    policy: "k8s-no-automount-service-account-token",
    title: "rejects pods that mount the token by default",
    resources: [modified(gameserver, (i) => delete i.spec.template.spec.automountServiceAccountToken)],
    violation: /mounts a service-account token/,
  },
  {
    policy: "k8s-no-automount-service-account-token",
    title: "accepts the allow-listed log collector, which reads pod metadata",
    resources: [fluentBit],
    settings: fluentBitAllowed,
  },
];
