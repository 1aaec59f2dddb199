/**
 * The platform's pure building blocks, each expectation written out by hand: the self-hosted CI
 * runners' chart values, checks and network policies (lib/ci-runners.ts), kube-green's values,
 * network policies and SleepInfo validation (lib/kube-green.ts), sleep schedules and where they have
 * an environment at an instant (lib/sleep-schedule.ts), the platform namespace's network policies
 * (lib/platform-network-policies.ts) and pool placement (lib/scheduling.ts). Free of the Pulumi SDK
 * (lib/validation.ts, which loads it, has test/validation-lib.test.ts), so it is fast enough for
 * `npm run mutate` to run per mutant (docs/mutation.md).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ARC_CONTROLLER_RELEASE,
  CI_RUNNER_DEFAULTS,
  ciRunnerNetworkPolicies,
  ciRunnersProblems,
  controllerValues,
  httpsEgressSpec,
  MAX_SCALE_SET_NAME_LENGTH,
  ociChartReference,
  runnerScaleSetName,
  scaleSetValues,
  type ScaleSetSettings,
} from "../lib/ci-runners";
import {
  KUBE_GREEN_NAMESPACE,
  KUBE_GREEN_RELEASE,
  KUBE_GREEN_RESOURCE_VALIDATOR,
  kubeGreenControllerValues,
  kubeGreenNetworkPolicies,
  kubeGreenResourceProblems,
  SLEEP_INFO_API_VERSION,
  sleepInfoValidator,
} from "../lib/kube-green";
import { defaultDenySpec, dnsEgressSpec, mysqlEgressSpec } from "../lib/platform-network-policies";
import { poolLabels, poolNodeTaints, poolScheduling, poolTaints } from "../lib/scheduling";
import {
  describeSleepSchedule,
  MAX_SLEEP_PAUSE_DAYS,
  NAMED_SLEEP_SCHEDULES,
  officeHoursSchedule,
  sleepScheduleProblems,
  sleepStateAt,
  weekdayNumbers,
  type SleepSchedule,
} from "../lib/sleep-schedule";

const DNS_EGRESS = {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    },
  ],
};
const DEFAULT_DENY = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
const HTTPS_EGRESS = {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [{ ports: [{ protocol: "TCP", port: 443 }] }],
};

const PLACEMENT = {
  nodeSelector: { "game-infra/pool": "system" },
  tolerations: [
    {
      key: "node.kubernetes.io/unreachable",
      operator: "Exists" as const,
      effect: "NoExecute" as const,
      tolerationSeconds: 60,
    },
  ],
};

describe("the platform namespace's network policies", () => {
  it("deny everything by default and let pods resolve names through the cluster DNS", () => {
    assert.deepEqual(defaultDenySpec(), DEFAULT_DENY);
    assert.deepEqual(dnsEgressSpec(), DNS_EGRESS);
  });

  it("let one component's pods reach MySQL inside the VPC", () => {
    assert.deepEqual(mysqlEgressSpec("db-bootstrap", "10.0.0.0/16"), {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "db-bootstrap" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ protocol: "TCP", port: 3306 }] }],
    });
  });
});

describe("pool placement", () => {
  const dedicated = { name: "game", dedicated: true, labels: { workload: "game" } };
  const shared = { name: "system", dedicated: false, labels: {} };

  it("labels a pool's nodes with its own labels and its name", () => {
    assert.deepEqual(poolLabels(dedicated), { workload: "game", "game-infra/pool": "game" });
    assert.deepEqual(poolLabels({ name: "x", labels: { "game-infra/pool": "other" } }), {
      "game-infra/pool": "x",
    });
  });

  it("taints a dedicated pool, in the EKS and the Kubernetes spelling, and no other", () => {
    assert.deepEqual(poolTaints(dedicated), [
      { key: "game-infra/pool", value: "game", effect: "NO_SCHEDULE" },
    ]);
    assert.deepEqual(poolTaints(shared), []);
    assert.deepEqual(poolNodeTaints(dedicated), [
      { key: "game-infra/pool", value: "game", effect: "NoSchedule" },
    ]);
    assert.deepEqual(poolNodeTaints(shared), []);
  });

  it("places a pod on the pool by node selector, tolerating a dedicated pool's taint", () => {
    assert.deepEqual(poolScheduling(dedicated), {
      pool: "game",
      nodeSelector: { "game-infra/pool": "game" },
      tolerations: [{ key: "game-infra/pool", operator: "Equal", value: "game", effect: "NoSchedule" }],
      labels: { workload: "game", "game-infra/pool": "game" },
      taints: [{ key: "game-infra/pool", value: "game", effect: "NO_SCHEDULE" }],
    });
    assert.deepEqual(poolScheduling(shared), {
      pool: "system",
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: [],
      labels: { "game-infra/pool": "system" },
      taints: [],
    });
  });
});

describe("CI runner charts", () => {
  it("install OCI charts by their oci:// reference, and refuse a chart repository", () => {
    assert.equal(
      ociChartReference({
        chart: "gha-runner-scale-set",
        version: "0.14.2",
        repository: "oci://ghcr.io/actions/actions-runner-controller-charts",
      }),
      "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set",
    );
    assert.throws(
      () =>
        ociChartReference({
          chart: "kube-green",
          version: "0.7.1",
          repository: "https://kube-green.github.io/helm-charts",
        }),
      {
        message: "kube-green is not published as an OCI artifact (https://kube-green.github.io/helm-charts)",
      },
    );
  });

  it("name the scale set after the project and stack", () => {
    assert.equal(runnerScaleSetName("game", "dev"), "game-dev");
    assert.equal(ARC_CONTROLLER_RELEASE, "arc");
    assert.deepEqual(CI_RUNNER_DEFAULTS, {
      minRunners: 0,
      maxRunners: 2,
      githubAppSecret: "arc-github-app",
      runnerGroup: "default",
    });
  });

  it("run one restricted controller on the system pool, watching the runner namespace only", () => {
    const values = controllerValues(PLACEMENT);
    assert.deepEqual(values, {
      replicaCount: 1,
      image: { repository: "ghcr.io/actions/gha-runner-scale-set-controller", tag: "0.14.2" },
      serviceAccount: { create: true, name: "arc-gha-rs-controller" },
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        seccompProfile: { type: "RuntimeDefault" },
      },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 65532,
        seccompProfile: { type: "RuntimeDefault" },
      },
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: PLACEMENT.tolerations,
      flags: { logLevel: "info", logFormat: "json", watchSingleNamespace: "arc-runners" },
    });
    assert.notEqual(values.nodeSelector, PLACEMENT.nodeSelector);
    assert.notEqual((values.tolerations as unknown[])[0], PLACEMENT.tolerations[0]);
  });

  it("run GitHub's pinned runner image as its own user under the IRSA account, with a listener beside it", () => {
    const settings: ScaleSetSettings = {
      scaleSetName: "game-dev",
      githubConfigUrl: "https://github.com/studio",
      githubAppSecret: "arc-github-app",
      runnerGroup: "deploy",
      minRunners: 0,
      maxRunners: 3,
      region: "eu-west-1",
    };
    assert.deepEqual(scaleSetValues(settings, PLACEMENT), {
      githubConfigUrl: "https://github.com/studio",
      githubConfigSecret: "arc-github-app",
      runnerScaleSetName: "game-dev",
      runnerGroup: "deploy",
      minRunners: 0,
      maxRunners: 3,
      controllerServiceAccount: { namespace: "arc-systems", name: "arc-gha-rs-controller" },
      listenerTemplate: {
        spec: {
          nodeSelector: { "game-infra/pool": "system" },
          tolerations: PLACEMENT.tolerations,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "listener",
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 65532,
                seccompProfile: { type: "RuntimeDefault" },
              },
              resources: {
                requests: { cpu: "50m", memory: "64Mi" },
                limits: { cpu: "250m", memory: "256Mi" },
              },
            },
          ],
        },
      },
      template: {
        spec: {
          serviceAccountName: "ci-runner",
          automountServiceAccountToken: false,
          nodeSelector: { "game-infra/pool": "system" },
          tolerations: PLACEMENT.tolerations,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1001,
            runAsGroup: 1001,
            fsGroup: 1001,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "runner",
              image: "ghcr.io/actions/actions-runner:2.336.0",
              command: ["/home/runner/run.sh"],
              env: [
                { name: "AWS_REGION", value: "eu-west-1" },
                { name: "AWS_DEFAULT_REGION", value: "eu-west-1" },
              ],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                privileged: false,
                readOnlyRootFilesystem: false,
                runAsNonRoot: true,
                runAsUser: 1001,
                seccompProfile: { type: "RuntimeDefault" },
              },
              resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
            },
          ],
        },
      },
    });
  });

  it("let nothing in and only DNS and HTTPS out of the ARC namespaces", () => {
    assert.deepEqual(httpsEgressSpec(), HTTPS_EGRESS);
    assert.deepEqual(ciRunnerNetworkPolicies(), {
      "default-deny": DEFAULT_DENY,
      "allow-dns": DNS_EGRESS,
      "allow-https-egress": HTTPS_EGRESS,
    });
  });
});

describe("CI runner settings checks", () => {
  const settings: ScaleSetSettings = {
    scaleSetName: "game-dev",
    githubConfigUrl: "https://github.com/studio",
    githubAppSecret: "arc-github-app",
    runnerGroup: "default",
    minRunners: 0,
    maxRunners: 2,
    region: "eu-west-1",
  };
  const node = { allocatableCpuMillicores: 1930, allocatableMemoryMiB: 6800 };
  const problems = (over: Partial<ScaleSetSettings>, memoryMiB = node.allocatableMemoryMiB) =>
    ciRunnersProblems({ ...settings, ...over }, { ...node, allocatableMemoryMiB: memoryMiB });

  it("accept valid settings", () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ minRunners: 2, maxRunners: 2 }), []);
    assert.deepEqual(problems({ minRunners: 0, maxRunners: 1 }), []);
  });

  it("refuse a scale set name that is not a DNS label", () => {
    assert.deepEqual(problems({ scaleSetName: "Game_dev" }), [
      {
        propertyPath: "scaleSetName",
        reason: `"Game_dev" must be lower-case letters, digits and '-' (it is also the Helm release name)`,
      },
    ]);
  });

  it("accept a 45-character scale set name and refuse 46", () => {
    assert.equal(MAX_SCALE_SET_NAME_LENGTH, 45);
    assert.deepEqual(problems({ scaleSetName: "a".repeat(45) }), []);
    assert.deepEqual(problems({ scaleSetName: "a".repeat(46) }), [
      {
        propertyPath: "scaleSetName",
        reason: `"${"a".repeat(46)}" is 46 characters; the scale set chart allows at most 45`,
      },
    ]);
  });

  it("refuse fewer than one, or a fractional number of, maximum runners", () => {
    assert.deepEqual(problems({ maxRunners: 0 }), [
      { propertyPath: "maxRunners", reason: "must be 1 or more, got 0" },
    ]);
    assert.deepEqual(problems({ maxRunners: 1.5 }), [
      { propertyPath: "maxRunners", reason: "must be 1 or more, got 1.5" },
    ]);
  });

  it("refuse minimum runners below 0, fractional, or above the maximum", () => {
    for (const minRunners of [-1, 0.5, 3]) {
      assert.deepEqual(problems({ minRunners }), [
        { propertyPath: "minRunners", reason: `must be 0 to maxRunners (2), got ${minRunners}` },
      ]);
    }
  });

  it("refuse a GitHub URL that is not https", () => {
    assert.deepEqual(problems({ githubConfigUrl: "http://github.com/studio" }), [
      { propertyPath: "githubConfigUrl", reason: `must be an https:// URL, got "http://github.com/studio"` },
    ]);
  });

  it("refuse a system pool whose nodes cannot hold a runner's 2048 MiB request, and accept one that just can", () => {
    assert.deepEqual(problems({}, 2048), []);
    assert.deepEqual(problems({}, 2047), [
      {
        propertyPath: "cluster.nodePools.system",
        reason:
          "a runner requests 2048 MiB but a system node has 2047 MiB allocatable; runner pods would never schedule",
      },
    ]);
  });
});

describe("kube-green", () => {
  const sleepInfo = {
    apiVersion: "kube-green.com/v1alpha1",
    kind: "SleepInfo",
    metadata: { name: "sleep", namespace: "dev1" },
    spec: {
      weekdays: "1-5",
      sleepAt: "20:00",
      wakeUpAt: "08:00",
      timeZone: "Europe/Berlin",
      suspendDeployments: true,
    },
  };

  it("is installed as the release kube-green in its own namespace", () => {
    assert.equal(KUBE_GREEN_NAMESPACE, "kube-green");
    assert.equal(KUBE_GREEN_RELEASE, "kube-green");
    assert.equal(SLEEP_INFO_API_VERSION, "kube-green.com/v1alpha1");
  });

  it("accepts a SleepInfo the vendored CRD accepts and names what it refuses", () => {
    assert.deepEqual(kubeGreenResourceProblems(sleepInfo), []);
    assert.deepEqual(
      kubeGreenResourceProblems({ ...sleepInfo, spec: { ...sleepInfo.spec, suspendDeployments: "yes" } }),
      ['spec.suspendDeployments: must be a boolean, got string "yes"'],
    );
    assert.deepEqual(kubeGreenResourceProblems({ ...sleepInfo, kind: "Schedule" }), [
      "kind: Schedule is not a kube-green kind this program knows (SleepInfo)",
    ]);
  });

  it("reads the CRD once", () => {
    assert.equal(sleepInfoValidator(), sleepInfoValidator());
  });

  it("validates custom resources of the kube-green.com group only", () => {
    const { group, problems } = KUBE_GREEN_RESOURCE_VALIDATOR;
    assert.equal(group.test("kube-green.com/v1alpha1"), true);
    for (const apiVersion of [
      "xkube-green.com/v1alpha1",
      "kube-greenXcom/v1alpha1",
      "kube-green.com",
      "karpenter.sh/v1",
    ]) {
      assert.equal(group.test(apiVersion), false, apiVersion);
    }
    assert.deepEqual(problems({ ...sleepInfo, kind: "Schedule" }), [
      "kind: Schedule is not a kube-green kind this program knows (SleepInfo)",
    ]);
  });

  it("sets chart values: no metrics or cert-manager, certificate Jobs, placement, and a CRD that outlives the release", () => {
    const values = kubeGreenControllerValues(PLACEMENT);
    assert.deepEqual(values, {
      manager: { metrics: { enabled: false } },
      certManager: { enabled: false },
      jobsCert: { enabled: true },
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: PLACEMENT.tolerations,
      crds: { enabled: true, keep: true },
    });
    assert.notEqual(values.tolerations[0], PLACEMENT.tolerations[0]);
  });

  it("admits only the VPC on the webhook port, and lets DNS and HTTPS out", () => {
    assert.deepEqual(kubeGreenNetworkPolicies("10.1.0.0/16"), {
      "default-deny": DEFAULT_DENY,
      "allow-dns": DNS_EGRESS,
      "allow-https-egress": HTTPS_EGRESS,
      "allow-webhook": {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "10.1.0.0/16" } }], ports: [{ protocol: "TCP", port: 9443 }] }],
      },
    });
  });
});

const OFFICE: SleepSchedule = {
  weekdays: "1-5",
  sleepAt: "20:00",
  wakeUpAt: "08:00",
  timeZone: "Europe/Berlin",
};

describe("sleep schedules", () => {
  it("names officeHours and alwaysOn, and pauses at most two weeks", () => {
    assert.deepEqual(NAMED_SLEEP_SCHEDULES, ["officeHours", "alwaysOn"]);
    assert.equal(MAX_SLEEP_PAUSE_DAYS, 14);
  });

  it("derive office hours from the working hours: wake at their start, sleep at their end", () => {
    assert.deepEqual(
      officeHoursSchedule({
        timeZone: "Asia/Seoul",
        days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
        start: "09:30",
        end: "19:00",
      }),
      { weekdays: "1-5", sleepAt: "19:00", wakeUpAt: "09:30", timeZone: "Asia/Seoul" },
    );
    assert.equal(
      officeHoursSchedule({ timeZone: "UTC", days: ["Sun", "Sat"], start: "10:00", end: "12:00" }).weekdays,
      "0,6",
    );
  });

  it("accept valid weekday lists and refuse the rest", () => {
    for (const weekdays of ["1-5", "*", "0,6", "0", "6", "0-6", "1-3,5"]) {
      assert.deepEqual(sleepScheduleProblems({ ...OFFICE, weekdays }), [], weekdays);
    }
    for (const weekdays of [
      "5-1",
      "3-3",
      "7",
      "1-7",
      "",
      "1,,2",
      "*,1",
      " 1-5",
      "1-5 ",
      "Mon-Fri",
      "1-2-3",
    ]) {
      assert.deepEqual(
        sleepScheduleProblems({ ...OFFICE, weekdays }),
        [
          {
            field: "weekdays",
            message: `"${weekdays}" is not a list of cron weekdays such as 1-5 (Monday to Friday), 0,6 or * (0 is Sunday, 6 Saturday)`,
          },
        ],
        weekdays,
      );
    }
  });

  it("accept times from 00:00 to 23:59 and refuse the rest, naming the field", () => {
    assert.deepEqual(sleepScheduleProblems({ ...OFFICE, sleepAt: "23:59", wakeUpAt: "00:00" }), []);
    assert.deepEqual(sleepScheduleProblems({ ...OFFICE, sleepAt: "19:09", wakeUpAt: "10:50" }), []);
    for (const time of ["24:00", "8:00", "08:60", "08:00 ", " 08:00", "0800", "30:00"]) {
      assert.deepEqual(
        sleepScheduleProblems({ ...OFFICE, sleepAt: time }),
        [{ field: "sleepAt", message: `"${time}" is not a time of day written HH:MM (00:00-23:59)` }],
        time,
      );
      assert.deepEqual(
        sleepScheduleProblems({ ...OFFICE, wakeUpAt: time }),
        [{ field: "wakeUpAt", message: `"${time}" is not a time of day written HH:MM (00:00-23:59)` }],
        time,
      );
    }
  });

  it("refuse waking at the moment of sleeping", () => {
    assert.deepEqual(sleepScheduleProblems({ ...OFFICE, wakeUpAt: "20:00" }), [
      {
        field: "wakeUpAt",
        message: "is the same as sleepAt (20:00); the environment would wake the moment it sleeps",
      },
    ]);
  });

  it("refuse a time zone that is not IANA's", () => {
    assert.deepEqual(sleepScheduleProblems({ ...OFFICE, timeZone: "Mars/Olympus" }), [
      {
        field: "timeZone",
        message: `"Mars/Olympus" is not an IANA time zone such as Europe/Berlin or Asia/Seoul`,
      },
    ]);
  });

  it("list the weekday numbers a cron list covers, sorted and once each", () => {
    assert.deepEqual(weekdayNumbers("*"), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(weekdayNumbers("1-5"), [1, 2, 3, 4, 5]);
    assert.deepEqual(weekdayNumbers("6,0"), [0, 6]);
    assert.deepEqual(weekdayNumbers("1-3,2-4"), [1, 2, 3, 4]);
    assert.deepEqual(weekdayNumbers("3"), [3]);
    assert.deepEqual(weekdayNumbers("5,3,6,1"), [1, 3, 5, 6]);
  });

  it("read as people say them", () => {
    assert.equal(describeSleepSchedule(OFFICE), "Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)");
    assert.equal(
      describeSleepSchedule({ ...OFFICE, weekdays: "1-3,5,6" }),
      "Mon-Wed, Fri, Sat: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
    );
    assert.equal(
      describeSleepSchedule({ ...OFFICE, weekdays: "*" }),
      "every day: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
    );
    assert.equal(
      describeSleepSchedule({ ...OFFICE, weekdays: "0-6" }),
      "every day: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
    );
    assert.equal(
      describeSleepSchedule({ ...OFFICE, weekdays: "0-5" }),
      "Sun-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
    );
  });
});

describe("where a schedule has an environment at an instant", () => {
  // 2026-12-02 is a Wednesday; Berlin is at UTC+1 in December.
  const at = (iso: string, schedule: SleepSchedule = OFFICE) => sleepStateAt(schedule, new Date(iso));

  it("is awake during the working day, until the sleep instant", () => {
    assert.deepEqual(at("2026-12-02T10:00:00Z"), { asleep: false, next: "Wed 20:00" });
    assert.deepEqual(at("2026-12-02T18:59:00Z"), { asleep: false, next: "Wed 20:00" });
  });

  it("is asleep from the sleep instant on, until the next morning", () => {
    assert.deepEqual(at("2026-12-02T19:00:00Z"), { asleep: true, next: "Thu 08:00" });
    assert.deepEqual(at("2026-12-03T06:59:00Z"), { asleep: true, next: "Thu 08:00" });
    assert.deepEqual(at("2026-12-03T07:00:00Z"), { asleep: false, next: "Thu 20:00" });
  });

  it("sleeps through the weekend, until Monday morning", () => {
    assert.deepEqual(at("2026-12-05T12:00:00Z"), { asleep: true, next: "Mon 08:00" });
    // Sunday 23:30 UTC is Monday 00:30 in Berlin.
    assert.deepEqual(at("2026-12-06T23:30:00Z"), { asleep: true, next: "Mon 08:00" });
    assert.deepEqual(at("2026-12-07T07:00:00Z"), { asleep: false, next: "Mon 20:00" });
  });

  it("reads the clock in the schedule's own time zone", () => {
    const seoul: SleepSchedule = {
      weekdays: "*",
      sleepAt: "22:05",
      wakeUpAt: "07:00",
      timeZone: "Asia/Seoul",
    };
    // 13:00 UTC is 22:00 in Seoul (UTC+9, no daylight saving).
    assert.deepEqual(at("2026-12-02T13:00:00Z", seoul), { asleep: false, next: "Wed 22:05" });
    assert.deepEqual(at("2026-12-02T13:05:00Z", seoul), { asleep: true, next: "Thu 07:00" });
    // Saturday 22:30 in Seoul: the next instant is Sunday's wake, across the week's end.
    assert.deepEqual(at("2026-12-05T13:30:00Z", seoul), { asleep: true, next: "Sun 07:00" });
  });
});
