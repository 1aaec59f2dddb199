/**
 * CiRunners: Actions Runner Controller in the stack's VPC. The Helm values are held to the chart
 * values vendored in upstream/actions-runner-controller/ (0.14.2), the runner user to the runner
 * image's Dockerfile (upstream/actions-runner/), pod specs to the Kubernetes schema, and placement
 * and security to the repository's pod rules.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { validateCiRunnersArgs, type CiRunnersArgs } from "../components/ci-runners";
import { ARC_CONTROLLER_CHART, ARC_SCALE_SET_CHART } from "../lib/charts";
import { RUNNER_UID, ARC_CONTROLLER_UID, RUNNER_IMAGE } from "../lib/ci-runners";
import { graceTolerations, type Toleration } from "../lib/grace";
import { nodeSizing } from "../lib/sizing";
import { formatSchemaProblems, validateKubernetesObjects } from "../tools/plan/k8s-validate";
import { configIssues, ROOT, runStack, type RecordedResource, type Registered } from "./harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const UPSTREAM = join(ROOT, "upstream");
const DEPLOY_POLICY = "arn:aws:iam::123456789012:policy/game-infra-deploy";

type Values = Record<string, unknown>;
type PodSpec = {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  securityContext?: Record<string, unknown>;
  containers: Array<{ name: string; securityContext?: Record<string, unknown>; [k: string]: unknown }>;
  [k: string]: unknown;
};

/**
 * The keys a vendored values excerpt documents: its YAML with the chart's commented-out examples
 * (`# maxRunners: 5`, `  # watchSingleNamespace: ""`) taken as keys too.
 */
function documentedValues(file: string): Values {
  const uncommented = readFileSync(join(UPSTREAM, "actions-runner-controller", file), "utf8")
    .split("\n")
    .map((line) => line.replace(/^(\s*)# ((\s*)(- )?[A-Za-z_][\w-]*:( .*)?)$/, "$1$2"))
    .join("\n");
  // The chart documents githubConfigSecret twice (as an App and as a Secret name): keep both readings.
  return parse(uncommented, { uniqueKeys: false }) as Values;
}

/** Value paths the program sets that the chart does not document (free-form maps stop the walk). */
function undocumented(
  values: unknown,
  documented: unknown,
  freeForm: readonly string[],
  path = "",
): string[] {
  if (freeForm.includes(path) || values === null || typeof values !== "object" || Array.isArray(values))
    return [];
  if (documented === null || typeof documented !== "object") return [path];
  return Object.entries(values as Values).flatMap(([key, value]) => {
    const child = path ? `${path}.${key}` : key;
    if (!(key in (documented as Values))) return [child];
    return undocumented(value, (documented as Values)[key], freeForm, child);
  });
}

function release(registered: Registered, chart: string): RecordedResource {
  const found = registered.ofType(RELEASE).filter((r) => String(r.inputs.chart).endsWith(`/${chart}`));
  assert.equal(found.length, 1, `expected one release of ${chart}`);
  return found[0]!;
}

function assertGraceTolerations(
  tolerations: readonly Toleration[] | undefined,
  seconds: number,
  where: string,
) {
  for (const expected of graceTolerations(seconds + 40)) {
    assert.ok(
      tolerations?.some((t) => isDeepStrictEqual(t, expected)),
      `${where}: tolerates ${expected.key} for ${seconds}s`,
    );
  }
}

function assertRestricted(
  pod: Record<string, unknown> | undefined,
  container: Record<string, unknown> | undefined,
  uid: number,
  where: string,
) {
  assert.equal(pod?.runAsNonRoot, true, `${where}: pod runAsNonRoot`);
  assert.equal(pod?.runAsUser, uid, `${where}: pod runs as ${uid}`);
  assert.deepEqual(pod?.seccompProfile, { type: "RuntimeDefault" }, `${where}: seccomp`);
  assert.equal(container?.allowPrivilegeEscalation, false, `${where}: no privilege escalation`);
  assert.deepEqual(container?.capabilities, { drop: ["ALL"] }, `${where}: drops all capabilities`);
  assert.equal(container?.privileged, false, `${where}: not privileged`);
  assert.equal(container?.runAsUser, uid, `${where}: container runs as ${uid}`);
}

describe("CiRunners in the dev stack", () => {
  let registered: Registered;
  let controller: Values;
  let scaleSet: Values;
  before(async () => {
    ({ registered } = await runStack("dev"));
    controller = release(registered, "gha-runner-scale-set-controller").inputs.values as Values;
    scaleSet = release(registered, "gha-runner-scale-set").inputs.values as Values;
  });

  it("installs both ARC charts at the pinned version from their OCI registry", () => {
    const ctl = release(registered, "gha-runner-scale-set-controller").inputs;
    const set = release(registered, "gha-runner-scale-set").inputs;
    assert.equal(
      ctl.chart,
      "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set-controller",
    );
    assert.equal(set.chart, "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set");
    assert.equal(ctl.version, "0.14.2");
    assert.equal(set.version, "0.14.2");
    assert.equal(
      ARC_CONTROLLER_CHART.version,
      ARC_SCALE_SET_CHART.version,
      "the two charts are released together",
    );
    assert.equal(ctl.repositoryOpts, undefined, "OCI charts take no chart repository");
    assert.deepEqual(
      [ctl.namespace, ctl.name, set.namespace, set.name],
      ["arc-systems", "arc", "arc-runners", "game-infra-dev"],
    );
  });

  it("sets only values the pinned charts document", () => {
    assert.deepEqual(
      undocumented(controller, documentedValues("gha-runner-scale-set-controller.values.excerpt.yaml"), [
        "podSecurityContext",
        "securityContext",
        "resources",
        "nodeSelector",
        "tolerations",
      ]),
      [],
    );
    // The two pod templates are PodSpecs: they are checked against the Kubernetes schema instead.
    assert.deepEqual(
      undocumented(scaleSet, documentedValues("gha-runner-scale-set.values.excerpt.yaml"), [
        "listenerTemplate.spec",
        "template.spec",
      ]),
      [],
    );
  });

  it("names the runner scale set after the project and stack, which is what workflow jobs run on", () => {
    assert.equal(scaleSet.runnerScaleSetName, "game-infra-dev");
    assert.equal(scaleSet.githubConfigUrl, "https://github.com/studio-example/game-infra");
    assert.deepEqual([scaleSet.minRunners, scaleSet.maxRunners, scaleSet.runnerGroup], [0, 2, "default"]);
  });

  it("gives the GitHub App credentials only by Secret name, and never creates a Secret", () => {
    assert.equal(scaleSet.githubConfigSecret, "arc-github-app");
    const text = JSON.stringify(scaleSet);
    assert.doesNotMatch(text, /github_app_private_key|github_token|BEGIN/);
    const underCiRunners = registered.resources.filter((r) => r.urn.includes("game:index:CiRunners$"));
    assert.deepEqual(
      underCiRunners.filter((r) => r.type === "kubernetes:core/v1:Secret"),
      [],
    );
  });

  it("lets the controller watch only the runner namespace, and tells the scale set its service account", () => {
    const flags = controller.flags as Values;
    assert.equal(flags.watchSingleNamespace, "arc-runners");
    assert.deepEqual(scaleSet.controllerServiceAccount, {
      namespace: "arc-systems",
      name: (controller.serviceAccount as Values).name,
    });
    assert.equal((controller.serviceAccount as Values).create, true);
  });

  it("runs the controller, the listener and the runners on the system pool with dev's grace tolerations (200 s)", () => {
    const listener = (scaleSet.listenerTemplate as { spec: PodSpec }).spec;
    const runner = (scaleSet.template as { spec: PodSpec }).spec;
    for (const [where, spec] of [
      ["controller", controller as unknown as PodSpec],
      ["listener", listener],
      ["runner", runner],
    ] as const) {
      assert.deepEqual(spec.nodeSelector, { "game-infra/pool": "system" }, `${where} on the system pool`);
      assertGraceTolerations(spec.tolerations, 200, where);
    }
  });

  it("meets the restricted pod rules, except the runner's writable root filesystem, which policy allow-lists", () => {
    assertRestricted(
      controller.podSecurityContext as Values,
      controller.securityContext as Values,
      ARC_CONTROLLER_UID,
      "controller",
    );
    assert.equal((controller.securityContext as Values).readOnlyRootFilesystem, true);
    const listener = (scaleSet.listenerTemplate as { spec: PodSpec }).spec;
    assert.deepEqual(
      listener.containers.map((c) => c.name),
      ["listener"],
      "only the listener container is merged (another name would be added as a side-car)",
    );
    assertRestricted(
      listener.securityContext,
      listener.containers[0]!.securityContext,
      ARC_CONTROLLER_UID,
      "listener",
    );
    assert.equal(listener.containers[0]!.securityContext?.readOnlyRootFilesystem, true);

    const runner = (scaleSet.template as { spec: PodSpec }).spec;
    assertRestricted(runner.securityContext, runner.containers[0]!.securityContext, RUNNER_UID, "runner");
    assert.equal(runner.containers[0]!.securityContext?.readOnlyRootFilesystem, false);
    for (const stack of ["dev", "qa", "stage"]) {
      const config = JSON.parse(
        readFileSync(join(ROOT, "policy", "config", `${stack}.json`), "utf8"),
      ) as Record<string, { allowedWorkloads?: Array<{ namespace: string; name: string; reason: string }> }>;
      const allowed = config["k8s-read-only-root-filesystem"]?.allowedWorkloads ?? [];
      assert.ok(
        allowed.some(
          (w) => w.namespace === "arc-runners" && w.name === `game-infra-${stack}` && w.reason.length > 20,
        ),
        `policy/config/${stack}.json allow-lists the ${stack} runners' writable root filesystem, with the reason`,
      );
    }
  });

  it("runs the runner image as the user the image creates, with the command the chart documents", () => {
    const dockerfile = readFileSync(join(UPSTREAM, "actions-runner", "images.Dockerfile.excerpt"), "utf8");
    assert.equal(Number(/adduser .*--uid (\d+) runner/.exec(dockerfile)?.[1]), RUNNER_UID);
    assert.match(dockerfile, /^USER runner$/m);
    const controllerImage = readFileSync(
      join(UPSTREAM, "actions-runner-controller", "controller-image.Dockerfile.excerpt"),
      "utf8",
    );
    assert.equal(Number(/^USER (\d+):\d+$/m.exec(controllerImage)?.[1]), ARC_CONTROLLER_UID);

    const documented = documentedValues("gha-runner-scale-set.values.excerpt.yaml") as {
      template: { spec: { containers: Array<{ name: string; command: string[] }> } };
    };
    const runner = (scaleSet.template as { spec: PodSpec }).spec.containers[0]!;
    assert.equal(runner.name, documented.template.spec.containers[0]!.name);
    assert.deepEqual(runner.command, documented.template.spec.containers[0]!.command);
    assert.equal(runner.image, `ghcr.io/actions/actions-runner:${RUNNER_IMAGE.tag}`);
    assert.match(RUNNER_IMAGE.tag, /^\d+\.\d+\.\d+$/, "a released runner version, never latest");
  });

  it("runs runners as the IRSA service account, without a Kubernetes API token", () => {
    const runner = (scaleSet.template as { spec: PodSpec }).spec;
    assert.equal(runner.serviceAccountName, "ci-runner");
    assert.equal(runner.automountServiceAccountToken, false);
    const sa = registered.one("kubernetes:core/v1:ServiceAccount", "ci-runners-runner-sa");
    const metadata = sa.inputs.metadata as {
      name: string;
      namespace: string;
      annotations: Record<string, string>;
    };
    assert.deepEqual([metadata.namespace, metadata.name], ["arc-runners", "ci-runner"]);
    assert.ok(metadata.annotations["eks.amazonaws.com/role-arn"], "annotated with the runner role");
    assert.equal(sa.inputs.automountServiceAccountToken, false);

    const role = registered.one("aws:iam/role:Role", "ci-runners-runner-role");
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as {
      Statement: Array<{ Action: string; Condition: { StringEquals: Record<string, string> } }>;
    };
    assert.equal(trust.Statement.length, 1);
    assert.equal(trust.Statement[0]!.Action, "sts:AssumeRoleWithWebIdentity");
    assert.ok(
      Object.entries(trust.Statement[0]!.Condition.StringEquals).some(
        ([k, v]) => k.endsWith(":sub") && v === "system:serviceaccount:arc-runners:ci-runner",
      ),
      "only the runner service account may assume the role",
    );
    const attachments = registered
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((r) => r.name.startsWith("dev-ci-runners-runner-"));
    assert.deepEqual(
      attachments.map((a) => a.inputs.policyArn),
      [DEPLOY_POLICY],
    );
  });

  it("gives the pod templates fields the Kubernetes schema knows", async () => {
    const pods = [
      ["listener", (scaleSet.listenerTemplate as { spec: PodSpec }).spec],
      ["runner", (scaleSet.template as { spec: PodSpec }).spec],
    ] as const;
    const problems = await validateKubernetesObjects(
      pods.map(([name, spec]) => ({
        urn: `test::${name}`,
        type: "kubernetes:core/v1:Pod",
        // The chart and the controller fill in what is omitted (the listener's image and command).
        inputs: JSON.parse(
          JSON.stringify({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name },
            spec: { ...spec, containers: spec.containers.map((c) => ({ image: "x:1", ...c })) },
          }),
        ),
      })),
    );
    assert.deepEqual(formatSchemaProblems(problems), []);
  });

  it("enforces the restricted standard in both namespaces, and lets pods out only to DNS and HTTPS", () => {
    const namespaces = registered
      .ofType("kubernetes:core/v1:Namespace")
      .filter((r) => r.urn.includes("CiRunners"));
    assert.deepEqual(namespaces.map((n) => (n.inputs.metadata as { name: string }).name).sort(), [
      "arc-runners",
      "arc-systems",
    ]);
    for (const ns of namespaces) {
      const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
      assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
    }
    const policies = registered
      .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
      .filter((r) => r.urn.includes("CiRunners"));
    for (const namespace of ["arc-systems", "arc-runners"]) {
      const specs = policies
        .filter((p) => (p.inputs.metadata as { namespace: string }).namespace === namespace)
        .map(
          (p) =>
            p.inputs.spec as {
              podSelector: object;
              policyTypes: string[];
              egress?: Array<{ to?: unknown[]; ports?: Array<{ port: number }> }>;
            },
        );
      assert.ok(
        specs.some((s) => isDeepStrictEqual(s, { podSelector: {}, policyTypes: ["Ingress", "Egress"] })),
        `${namespace}: default deny`,
      );
      const ports = specs
        .flatMap((s) => (s.egress ?? []).flatMap((e) => (e.ports ?? []).map((p) => p.port)))
        .sort();
      assert.deepEqual(ports, [443, 53, 53].sort(), `${namespace}: egress only to DNS and HTTPS`);
      assert.ok(
        specs.every((s) => !(s.policyTypes.includes("Ingress") && "ingress" in s)),
        `${namespace}: nothing may connect in`,
      );
    }
  });
});

describe("CiRunners config", () => {
  it("is optional: a stack without ciRunners gets no runners", async () => {
    const { registered } = await runStack("dev", { ciRunners: undefined });
    assert.deepEqual(registered.ofType("game:index:CiRunners"), []);
  });

  it("names each bad field and what is allowed", async () => {
    const base = {
      githubConfigUrl: "https://github.com/studio-example/game-infra",
      deployPolicyArns: [DEPLOY_POLICY],
    };
    const issues = async (ciRunners: unknown) =>
      (await configIssues("dev", { ciRunners })).filter((i) => i.path.startsWith("ciRunners"));
    assert.deepEqual(
      await issues({ ...base, githubConfigUrl: "https://github.com/studio-example/game-infra/" }),
      [
        {
          path: "ciRunners.githubConfigUrl",
          message:
            "must be https://github.com/<org>/<repo>, https://github.com/<org> or https://github.com/enterprises/<name> (no trailing slash)",
        },
      ],
    );
    assert.deepEqual(await issues({ ...base, minRunners: 3, maxRunners: 2 }), [
      { path: "ciRunners.minRunners", message: "3 is more than maxRunners (2)" },
    ]);
    assert.deepEqual(await issues({ ...base, maxRunners: 0 }), [
      { path: "ciRunners.maxRunners", message: "must be at least 1, or no job could ever run" },
    ]);
    assert.deepEqual(await issues({ ...base, maxRunners: 11 }), [
      { path: "ciRunners.maxRunners", message: "must be 0-10" },
    ]);
    assert.deepEqual(await issues({ ...base, deployPolicyArns: [] }), [
      {
        path: "ciRunners.deployPolicyArns",
        message: "needs at least one IAM policy ARN: runners without permissions cannot deploy",
      },
    ]);
    assert.deepEqual(await issues({ ...base, deployPolicyArns: ["arn:aws:iam::123456789012:role/admin"] }), [
      {
        path: "ciRunners.deployPolicyArns[0]",
        message:
          "must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name> or arn:aws:iam::aws:policy/<name>)",
      },
    ]);
    assert.deepEqual(await issues({ ...base, githubAppSecret: "Arc_Secret" }), [
      {
        path: "ciRunners.githubAppSecret",
        message: "must be a Kubernetes Secret name (a DNS-1123 label of at most 63 characters)",
      },
    ]);
    const unknown = await issues({ ...base, githubAppPrivateKey: "x" });
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0]!.path, "ciRunners.githubAppPrivateKey");
    assert.match(unknown[0]!.message, /^unknown key; allowed: githubConfigUrl, githubAppSecret/);
  });

  it("refuses a scale set name the chart would reject, and runners a system node cannot hold", () => {
    const system = { sizing: nodeSizing("m6i.large") };
    const args = (over: Partial<CiRunnersArgs>, pool = system) =>
      ({
        cluster: { nodePools: { system: pool } } as unknown as CiRunnersArgs["cluster"],
        scaleSetName: "game-infra-dev",
        githubConfigUrl: "https://github.com/studio-example/game-infra",
        githubAppSecret: "arc-github-app",
        deployPolicyArns: [DEPLOY_POLICY],
        region: "eu-west-1",
        ...over,
      }) as CiRunnersArgs;
    assert.deepEqual(validateCiRunnersArgs(args({})), []);
    assert.deepEqual(
      validateCiRunnersArgs(args({ scaleSetName: `game-infra-${"x".repeat(35)}` })).map(
        (p) => p.propertyPath,
      ),
      ["scaleSetName"],
    );
    assert.deepEqual(
      validateCiRunnersArgs(args({ minRunners: 3, maxRunners: 1 })).map((p) => p.propertyPath),
      ["minRunners"],
    );
    assert.deepEqual(
      validateCiRunnersArgs(args({ deployPolicyArns: [] })).map((p) => p.propertyPath),
      ["deployPolicyArns"],
    );
    const tiny = { sizing: { ...system.sizing, allocatableMemoryMiB: 1500 } };
    assert.match(
      validateCiRunnersArgs(args({}, tiny))
        .map((p) => p.reason)
        .join(),
      /a runner requests 2048 MiB but a system node has 1500 MiB allocatable/,
    );
  });
});
