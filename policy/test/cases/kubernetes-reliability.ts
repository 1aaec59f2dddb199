// Cases for the workload reliability and exposure policies (W1-W13).
import { endpoints } from "../fixtures/compliant-stack";
import * as k8s from "../fixtures/kubernetes";
import { component, modified, resource } from "../fixtures/plan-builder";
import type { PolicyCase } from "../harness";
import type { Props } from "../../lib/values";

const gameserver = k8s.deployment("dev1", "gameserver");
const single = k8s.deployment("dev1", "scheduler", 1);
const migrate = k8s.job("platform", "db-init-dev1");
const couchbase = k8s.statefulSet("dev1", "couchbase");
const chart = k8s.helmRelease("aws-load-balancer-controller", "kube-system", k8s.compliantChartValues());
const env = k8s.namespace("dev1", { redisDb: 1 });
const leagueNoReplicas = modified(k8s.deployment("dev1", "leagueserver"), (i) => delete i.spec.replicas);

/** A GameCluster declaring `seconds` as the stack's grace period, as the program registers it. */
function gracefulCluster(seconds: number) {
  return component("game", "game:index:GameCluster", "dev", { nodeMonitorGracePeriodSeconds: seconds });
}
const cluster240 = gracefulCluster(240);
const environment300 = component("dev1", "game:index:GameEnvironment", "dev", {
  nodeMonitorGracePeriodSeconds: 300,
});
/** The game server inside the dev1 GameEnvironment, tolerating failed nodes for `seconds`. */
function envServer(seconds: number) {
  return k8s.deployment("dev1", "gameserver", 2, seconds, { parent: environment300 });
}

function firstContainer(i: Props): Props {
  return i.spec.template.spec.containers[0];
}

/** Cases for W1-W13. */
export const kubernetesReliabilityCases: PolicyCase[] = [
  {
    policy: "k8s-resource-requests",
    title: "accepts CPU and memory requests",
    resources: [gameserver, chart],
  },
  {
    policy: "k8s-resource-requests",
    title: "rejects a container without a CPU request",
    resources: [modified(gameserver, (i) => delete firstContainer(i).resources.requests.cpu)],
    violation: /container "gameserver" has no cpu request/,
  },
  {
    policy: "k8s-resource-requests",
    title: "rejects Helm values that set limits but no requests",
    resources: [modified(chart, (i) => delete i.values.resources.requests)],
    violation: /Helm values resources: has no cpu or memory request/,
  },
  { policy: "k8s-memory-limit", title: "accepts a memory limit", resources: [gameserver, chart] },
  {
    policy: "k8s-memory-limit",
    title: "rejects a container without a memory limit",
    resources: [modified(gameserver, (i) => delete firstContainer(i).resources.limits.memory)],
    violation: /has no memory limit/,
  },
  {
    policy: "k8s-memory-limit",
    title: "rejects Helm values without a memory limit",
    resources: [modified(chart, (i) => delete i.values.resources.limits.memory)],
    violation: /Helm values resources: has no memory limit/,
  },
  { policy: "k8s-cpu-limit", title: "accepts a CPU limit", resources: [gameserver] },
  {
    policy: "k8s-cpu-limit",
    title: "rejects a container without a CPU limit",
    resources: [modified(gameserver, (i) => delete firstContainer(i).resources.limits.cpu)],
    violation: /has no cpu limit/,
  },
  { policy: "k8s-readiness-probe", title: "accepts a readiness probe", resources: [gameserver, couchbase] },
  {
    policy: "k8s-readiness-probe",
    title: "does not ask a Job for probes",
    resources: [modified(migrate, (i) => delete firstContainer(i).readinessProbe)],
  },
  {
    policy: "k8s-readiness-probe",
    title: "rejects a Deployment container without one",
    resources: [modified(gameserver, (i) => delete firstContainer(i).readinessProbe)],
    violation: /container "gameserver" has no readiness probe/,
  },
  {
    policy: "k8s-liveness-probe",
    title: "accepts distinct liveness and readiness probes",
    resources: [gameserver],
  },
  {
    policy: "k8s-liveness-probe",
    title: "rejects a missing liveness probe",
    resources: [modified(gameserver, (i) => delete firstContainer(i).livenessProbe)],
    violation: /has no liveness probe/,
  },
  {
    policy: "k8s-liveness-probe",
    title: "rejects a liveness probe identical to the readiness probe",
    resources: [
      modified(gameserver, (i) => (firstContainer(i).livenessProbe = firstContainer(i).readinessProbe)),
    ],
    violation: /identical to its readiness probe/,
  },
  { policy: "k8s-image-tag-pinned", title: "accepts a tag with a digest", resources: [gameserver, chart] },
  {
    policy: "k8s-image-tag-pinned",
    title: "accepts a plain version tag",
    resources: [
      modified(
        gameserver,
        (i) => (firstContainer(i).image = "registry.example.com:5000/game/gameserver:1.42.0"),
      ),
    ],
  },
  {
    policy: "k8s-image-tag-pinned",
    title: "rejects :latest",
    resources: [modified(gameserver, (i) => (firstContainer(i).image = "game/gameserver:latest"))],
    violation: /uses the latest tag/,
  },
  {
    policy: "k8s-image-tag-pinned",
    title: "rejects an image without a tag (a registry port is not a tag)",
    resources: [
      modified(gameserver, (i) => (firstContainer(i).image = "registry.example.com:5000/game/gameserver")),
    ],
    violation: /has no tag/,
  },
  {
    policy: "k8s-image-tag-pinned",
    title: "rejects Helm values pinning a chart image to latest",
    resources: [modified(chart, (i) => (i.values.image.tag = "latest"))],
    violation: /Helm values image\.tag: tag: latest/,
  },
  { policy: "k8s-image-digest", title: "accepts an image pinned by digest", resources: [gameserver] },
  {
    policy: "k8s-image-digest",
    title: "rejects an image pinned by tag only",
    resources: [modified(gameserver, (i) => (firstContainer(i).image = "game/gameserver:1.42.0"))],
    violation: /is not pinned by digest/,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "accepts both tolerations with the seconds of the grace period GameCluster declares",
    resources: [cluster240, gameserver, migrate, chart],
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "rejects a pod template missing the unreachable toleration",
    resources: [cluster240, modified(gameserver, (i) => i.spec.template.spec.tolerations.pop())],
    violation: /no toleration for node\.kubernetes\.io\/unreachable/,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "rejects seconds that differ from the grace period the stack declares",
    resources: [gracefulCluster(120), gameserver],
    violation:
      /the node\.kubernetes\.io\/not-ready toleration waits 200s, not 80s \(the nodeMonitorGracePeriod of 120s that game:index:GameCluster "game" declares, minus EKS's fixed 40s\)/,
    urn: gameserver.urn,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "rejects a toleration with operator Equal",
    resources: [
      cluster240,
      modified(couchbase, (i) => (i.spec.template.spec.tolerations[0].operator = "Equal")),
    ],
    violation: /no toleration for node\.kubernetes\.io\/not-ready/,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "rejects Helm values whose tolerations lack the grace tolerations",
    resources: [
      cluster240,
      modified(chart, (i) => (i.values.tolerations = [{ key: "CriticalAddonsOnly", operator: "Exists" }])),
    ],
    violation: /Helm values tolerations: no toleration for node\.kubernetes\.io\/not-ready/,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "rejects Helm values whose grace tolerations wait other seconds than the stack declares",
    resources: [gracefulCluster(300), chart],
    violation: /Helm values tolerations: the node\.kubernetes\.io\/not-ready toleration waits 200s, not 260s/,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "leaves Helm values that do not set tolerations to the chart",
    resources: [cluster240, modified(chart, (i) => delete i.values.tolerations)],
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "checks an environment-only stack against the GameEnvironment's declaration",
    resources: [environment300, envServer(260)],
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "judges pods under a GameEnvironment by that environment's declaration",
    resources: [environment300, envServer(200)],
    violation:
      /waits 200s, not 260s \(the nodeMonitorGracePeriod of 300s that game:index:GameEnvironment "dev1" declares/,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "rejects components that declare different grace periods in one stack",
    resources: [cluster240, environment300],
    violation:
      /declares a nodeMonitorGracePeriod of 300s, but game:index:GameCluster "game": 240s; one stack has one grace period/,
    urn: environment300.urn,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "fails pod templates when no component declares the grace period, rather than checking nothing",
    resources: [component("game"), gameserver],
    violation:
      /1 resource\(s\) carry pod tolerations, but no game:index:GameCluster or game:index:GameEnvironment declares nodeMonitorGracePeriodSeconds/,
  },
  {
    policy: "k8s-grace-period-tolerations",
    title: "rejects a declaration that is not a number of seconds",
    resources: [
      component("game", "game:index:GameCluster", "dev", { nodeMonitorGracePeriodSeconds: "240s" }),
    ],
    violation: /nodeMonitorGracePeriodSeconds must be a number of seconds/,
  },
  { policy: "k8s-min-replicas", title: "accepts 2 replicas", resources: [gameserver, couchbase] },
  {
    policy: "k8s-min-replicas",
    title: "rejects 1 replica",
    resources: [single],
    violation: /Deployment dev1\/scheduler runs 1 replica\(s\); at least 2/,
  },
  {
    policy: "k8s-min-replicas",
    title: "lets the central config allow a singleton by design, in any namespace",
    resources: [single],
    settings: {
      allowedWorkloads: [
        { namespace: "*", name: "scheduler", reason: "two schedulers must never run at once" },
      ],
    },
  },
  {
    policy: "k8s-min-replicas",
    title: "allows only the workloads the config names",
    resources: [single],
    settings: {
      allowedWorkloads: [{ namespace: "*", name: "couchbase", reason: "one node per environment" }],
    },
    violation: /Deployment dev1\/scheduler runs 1 replica/,
  },
  {
    policy: "k8s-min-replicas",
    title: "follows the tier's minReplicas",
    resources: [single],
    settings: { minReplicas: 1 },
  },
  {
    policy: "k8s-min-replicas",
    title: "counts the autoscaler's minimum when an HPA owns the replica count",
    resources: [leagueNoReplicas, k8s.hpa("dev1", "leagueserver", 2, 6)],
  },
  {
    policy: "k8s-min-replicas",
    title: "rejects an autoscaler that may scale down to 1",
    resources: [leagueNoReplicas, k8s.hpa("dev1", "leagueserver", 1, 6)],
    violation: /leagueserver runs 1 replica/,
  },
  {
    policy: "k8s-pdb-required",
    title: "accepts a replicated Deployment with a PDB",
    resources: [gameserver, k8s.pdb("dev1", "gameserver")],
  },
  { policy: "k8s-pdb-required", title: "does not ask a single replica for a PDB", resources: [single] },
  {
    policy: "k8s-pdb-required",
    title: "rejects a replicated StatefulSet without a PDB",
    resources: [couchbase],
    violation: /StatefulSet dev1\/couchbase runs up to 2 replicas but no PodDisruptionBudget selects it/,
  },
  {
    policy: "k8s-pdb-required",
    title: "rejects a PDB in another namespace",
    resources: [gameserver, k8s.pdb("dev2", "gameserver")],
    violation: /no PodDisruptionBudget selects it/,
  },
  {
    policy: "k8s-pdb-required",
    title: "asks an autoscaled Deployment with minimum 1 for a PDB",
    resources: [leagueNoReplicas, k8s.hpa("dev1", "leagueserver", 1, 4)],
    violation: /runs up to 4 replicas/,
  },
  {
    policy: "k8s-pdb-allows-disruption",
    title: "accepts maxUnavailable 1",
    resources: [gameserver, k8s.pdb("dev1", "gameserver")],
  },
  {
    policy: "k8s-pdb-allows-disruption",
    title: "rejects maxUnavailable 0",
    resources: [gameserver, k8s.pdb("dev1", "gameserver", { maxUnavailable: 0 })],
    violation: /maxUnavailable is 0/,
  },
  {
    policy: "k8s-pdb-allows-disruption",
    title: "rejects minAvailable equal to the replica count",
    resources: [gameserver, k8s.pdb("dev1", "gameserver", { minAvailable: 2 })],
    violation: /minAvailable 2 is not below the 2 replica\(s\)/,
  },
  {
    policy: "k8s-pdb-allows-disruption",
    title: "rejects minAvailable 100%",
    resources: [k8s.pdb("dev1", "gameserver", { minAvailable: "100%" })],
    violation: /minAvailable is 100%/,
  },
  { policy: "k8s-replica-spread", title: "accepts topology spread", resources: [gameserver] },
  {
    policy: "k8s-replica-spread",
    title: "accepts preferred pod anti-affinity instead",
    resources: [
      modified(gameserver, (i) => {
        delete i.spec.template.spec.topologySpreadConstraints;
        i.spec.template.spec.affinity = {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  topologyKey: "kubernetes.io/hostname",
                  labelSelector: { matchLabels: k8s.appLabels("gameserver") },
                },
              },
            ],
          },
        };
      }),
    ],
  },
  {
    policy: "k8s-replica-spread",
    title: "rejects replicas with no spread",
    resources: [modified(gameserver, (i) => delete i.spec.template.spec.topologySpreadConstraints)],
    violation: /runs up to 2 replicas with no anti-affinity or topology spread/,
  },
  {
    policy: "k8s-replica-spread",
    title: "does not ask a single replica to spread",
    resources: [modified(single, (i) => delete i.spec.template.spec.topologySpreadConstraints)],
  },
  {
    policy: "k8s-pods-selected-by-network-policy",
    title: "accepts pods under the namespace's default-deny",
    resources: [gameserver, migrate, k8s.defaultDeny("dev1"), k8s.defaultDeny("platform")],
  },
  {
    policy: "k8s-pods-selected-by-network-policy",
    title: "accepts a policy that selects the pods by label",
    resources: [
      gameserver,
      k8s.networkPolicy("dev1", "gameserver-in", {
        podSelector: { matchLabels: { "app.kubernetes.io/name": "gameserver" } },
      }),
    ],
  },
  {
    policy: "k8s-pods-selected-by-network-policy",
    title: "rejects pods with no NetworkPolicy",
    resources: [gameserver],
    violation: /no NetworkPolicy selects the pods of Deployment dev1\/gameserver/,
    urn: gameserver.urn,
  },
  {
    policy: "k8s-pods-selected-by-network-policy",
    title: "rejects pods whose only policy is in another namespace",
    resources: [gameserver, k8s.defaultDeny("dev2")],
    violation: /no NetworkPolicy selects/,
  },
  {
    policy: "k8s-pods-selected-by-network-policy",
    title: "rejects pods a matchExpressions selector leaves out",
    resources: [
      gameserver,
      k8s.networkPolicy("dev1", "not-game", {
        podSelector: {
          matchExpressions: [{ key: "app.kubernetes.io/name", operator: "NotIn", values: ["gameserver"] }],
        },
      }),
    ],
    violation: /no NetworkPolicy selects/,
  },
  {
    policy: "k8s-environment-default-deny",
    title: "accepts an environment with default-deny",
    resources: [env, k8s.defaultDeny("dev1")],
  },
  {
    policy: "k8s-environment-default-deny",
    title: "does not ask other namespaces for default-deny",
    resources: [k8s.namespace("logging")],
  },
  {
    policy: "k8s-environment-default-deny",
    title: "rejects an environment without one",
    resources: [env, k8s.defaultDeny("dev2")],
    violation: /environment dev1 \(namespace dev1\) has no default-deny NetworkPolicy/,
    urn: env.urn,
  },
  {
    policy: "k8s-environment-default-deny",
    title: "rejects a policy with an allow-everyone ingress rule",
    resources: [
      env,
      k8s.networkPolicy("dev1", "open", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] }),
    ],
    violation: /has no default-deny/,
  },
  {
    policy: "k8s-environment-default-deny",
    title: "rejects a policy that selects only some pods",
    resources: [
      env,
      k8s.networkPolicy("dev1", "game-only", {
        podSelector: { matchLabels: k8s.appLabels("gameserver") },
        policyTypes: ["Ingress"],
      }),
    ],
    violation: /has no default-deny/,
  },
  {
    policy: "k8s-environment-default-deny",
    title: "requires egress isolation when the tier asks for it",
    resources: [env, k8s.defaultDeny("dev1")],
    settings: { requiredPolicyTypes: ["Ingress", "Egress"] },
    violation: /for Ingress, Egress/,
  },
  {
    policy: "k8s-service-exposure",
    title: "accepts ClusterIP and ExternalName Services",
    resources: [
      k8s.clusterIpService("dev1", "gameserver"),
      k8s.service("dev1", "mysql", { type: "ExternalName", externalName: endpoints.mysql }),
    ],
  },
  {
    policy: "k8s-service-exposure",
    title: "rejects a LoadBalancer Service per environment",
    resources: [k8s.service("dev1", "gameserver-lb", { type: "LoadBalancer", ports: [{ port: 443 }] })],
    violation: /Service dev1\/gameserver-lb is of type LoadBalancer/,
  },
  {
    policy: "k8s-service-exposure",
    title: "accepts an allow-listed NodePort Service",
    resources: [k8s.service("kube-system", "ingress-nodeport", { type: "NodePort", ports: [{ port: 80 }] })],
    settings: {
      allowedWorkloads: [{ namespace: "kube-system", name: "ingress-nodeport", reason: "legacy NLB target" }],
    },
  },
  {
    policy: "k8s-ingress-tls",
    title: "accepts an ALB Ingress with the wildcard certificate",
    resources: [k8s.ingress("dev1", "gameserver")],
  },
  {
    policy: "k8s-ingress-tls",
    title: "accepts spec.tls",
    resources: [
      modified(
        k8s.ingress("dev1", "gameserver"),
        (i) => (
          (i.metadata.annotations = {}),
          (i.spec.tls = [{ hosts: ["game.example.com"], secretName: "tls" }])
        ),
      ),
    ],
  },
  {
    policy: "k8s-ingress-tls",
    title: "rejects an HTTP-only Ingress",
    resources: [
      modified(
        k8s.ingress("dev1", "gameserver"),
        (i) => (i.metadata.annotations = { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80}]' }),
      ),
    ],
    violation: /plain HTTP only/,
  },
  {
    policy: "k8s-statefulset-headless-service",
    title: "accepts a StatefulSet with its headless Service",
    resources: [couchbase, k8s.headlessService("dev1", "couchbase")],
  },
  {
    policy: "k8s-statefulset-headless-service",
    title: "rejects a StatefulSet whose Service is missing",
    resources: [couchbase],
    violation: /names Service couchbase-headless, which is not in the stack/,
  },
  {
    policy: "k8s-statefulset-headless-service",
    title: "rejects a StatefulSet whose Service has a cluster IP",
    resources: [
      couchbase,
      modified(k8s.headlessService("dev1", "couchbase"), (i) => delete i.spec.clusterIP),
    ],
    violation: /which is not headless/,
  },
  {
    policy: "k8s-statefulset-headless-service",
    title: "rejects a StatefulSet without serviceName",
    resources: [modified(couchbase, (i) => delete i.spec.serviceName)],
    violation: /has no serviceName/,
  },
  {
    policy: "k8s-no-deprecated-api-versions",
    title: "accepts GA APIs",
    resources: [gameserver, env, k8s.pdb("dev1", "gameserver"), chart],
  },
  {
    policy: "k8s-no-deprecated-api-versions",
    title: "rejects a beta API",
    resources: [
      resource("kubernetes:policy/v1beta1:PodDisruptionBudget", "old-pdb", {
        apiVersion: "policy/v1beta1",
        kind: "PodDisruptionBudget",
        metadata: { name: "old", namespace: "dev1" },
        spec: { maxUnavailable: 1 },
      }),
    ],
    violation: /PodDisruptionBudget uses pre-release API policy\/v1beta1/,
  },
  {
    policy: "k8s-no-deprecated-api-versions",
    title: "rejects a GA version the tier lists as deprecated",
    resources: [resource("kubernetes:autoscaling/v1:HorizontalPodAutoscaler", "old-hpa", { spec: {} })],
    settings: { deprecatedApiVersions: ["autoscaling/v1"] },
    violation: /deprecated API autoscaling\/v1/,
  },
  {
    policy: "k8s-no-deprecated-api-versions",
    title: "accepts kube-green's SleepInfo, whose CRD serves v1alpha1 and nothing else",
    resources: [k8s.sleepInfo("dev1")],
  },
  {
    policy: "k8s-no-deprecated-api-versions",
    title: "still rejects another custom resource's alpha version",
    resources: [
      resource("kubernetes:example.com/v1alpha1:Widget", "widget", {
        apiVersion: "example.com/v1alpha1",
        kind: "Widget",
        metadata: { name: "w", namespace: "dev1" },
      }),
    ],
    violation: /Widget uses pre-release API example\.com\/v1alpha1/,
  },
  {
    policy: "k8s-recommended-labels",
    title: "accepts app.kubernetes.io/name",
    resources: [gameserver, k8s.clusterIpService("dev1", "gameserver")],
  },
  {
    policy: "k8s-recommended-labels",
    title: "rejects a Deployment without it",
    resources: [modified(gameserver, (i) => (i.metadata.labels = { app: "gameserver" }))],
    violation: /Deployment lacks recommended label\(s\) app\.kubernetes\.io\/name/,
  },
  {
    policy: "k8s-external-name-provider-endpoint",
    title: "accepts the RDS and ElastiCache endpoints themselves",
    resources: [
      k8s.service("dev1", "mysql", { type: "ExternalName", externalName: endpoints.mysql }),
      k8s.service("dev1", "redis", { type: "ExternalName", externalName: `${endpoints.redis}.` }),
    ],
  },
  {
    policy: "k8s-external-name-provider-endpoint",
    title: "rejects an alias of our own",
    resources: [
      k8s.service("dev1", "mysql", { type: "ExternalName", externalName: "mysql.dev.game.example.com" }),
    ],
    violation: /mysql\.dev\.game\.example\.com is not a provider endpoint/,
  },
];
