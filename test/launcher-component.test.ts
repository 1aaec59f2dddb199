/**
 * The launcher as the platform stack deploys it (components/launcher.ts): what the dev stack
 * registers, compared with literal values and with the vendored upstream facts (the load balancer
 * controller's annotations and Secret access, kube-green's CRD, AWS's ECR push policy, the ALB's
 * rule limits); the `launcher` config's refusals; the component's own checks; and the policy pack
 * (L1, L2) over the dev platform plan built from the program.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parse, parseAllDocuments } from "yaml";
import { Launcher, validateLauncherArgs, type LauncherArgs } from "../components/launcher";
import { graceTolerations } from "../lib/grace";
import { GIT_HTTPS_CREDENTIAL_HELPER } from "../lib/launcher-workload";
import { poolScheduling } from "../lib/scheduling";
import { poolSizing } from "../lib/sizing";
import type { Props } from "../policy/lib/values";
import { readConfigFile, tierConfigFile } from "../policy/runner/config";
import { parsePlan, type Plan, type PlanResource } from "../policy/runner/plan";
import { runPolicies, type Violation } from "../policy/runner/run";
import { buildPlatformPlan } from "../tools/plan/build";
import { serializePlan } from "../tools/plan/model";
import { ConfigError } from "../stacks/errors";
import { formatSchemaProblems, validateKubernetesObjects } from "../tools/plan/k8s-validate";
import {
  configIssues,
  loadConfig,
  ROOT,
  runComponent,
  runStack,
  valueOf,
  type RecordedResource,
  type Registered,
} from "./harness";
import type { Deployment, Ingress, NetworkPolicy } from "./support/k8s";

const UPSTREAM = join(ROOT, "upstream");
const LAUNCHER_URN = "urn:pulumi:dev::game-infra::game:index:Launcher::dev-launcher";
const DEV_REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-dev/launcher";
const DIGEST = `sha256:${"0".repeat(64)}`;
const ALB = "alb.ingress.kubernetes.io";

/** The dev stack's `launcher` config as committed. */
const devLauncher = (
  parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, Record<string, unknown>>;
  }
).config["game-infra:launcher"]!;

function childrenOf(registered: Registered): RecordedResource[] {
  return registered.resources.filter((r) => r.parent === LAUNCHER_URN);
}

function one(registered: Registered, type: string, name: string): RecordedResource {
  const found = childrenOf(registered).filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `one ${type} ${name}`);
  return found[0]!;
}

describe("Launcher in the dev stack", () => {
  let registered: Registered;
  let deployment: Deployment;
  let certificateArn: string;
  before(async () => {
    const run = await runStack("dev");
    registered = run.registered;
    deployment = one(registered, "kubernetes:apps/v1:Deployment", "dev-launcher-deployment")
      .inputs as Deployment;
    certificateArn = await valueOf(run.outputs.certificateArn);
  });

  it("registers these children, named from the component, and no Secret", () => {
    assert.deepEqual(
      childrenOf(registered)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "aws:ecr/lifecyclePolicy:LifecyclePolicy dev-launcher-repository-lifecycle",
        "aws:ecr/repository:Repository dev-launcher-repository",
        "aws:iam/policy:Policy dev-launcher-image-push",
        "kubernetes:apps/v1:Deployment dev-launcher-deployment",
        "kubernetes:core/v1:Namespace dev-launcher-namespace",
        "kubernetes:core/v1:Service dev-launcher-service",
        "kubernetes:core/v1:ServiceAccount dev-launcher-service-account",
        "kubernetes:networking.k8s.io/v1:Ingress dev-launcher-ingress",
        "kubernetes:networking.k8s.io/v1:Ingress dev-launcher-presets-ingress",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy dev-launcher-allow-dns",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy dev-launcher-allow-https-egress",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy dev-launcher-allow-load-balancer",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy dev-launcher-allow-ssh-egress",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy dev-launcher-default-deny",
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole dev-launcher-status-reader",
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding dev-launcher-status-reader",
        "kubernetes:rbac.authorization.k8s.io/v1:Role dev-launcher-oidc-secret-reader",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding dev-launcher-oidc-secret-reader",
      ],
    );
    assert.deepEqual(
      registered
        .ofType("kubernetes:core/v1:Secret")
        .filter((s) => (s.inputs.metadata as Props)?.namespace === "launcher"),
      [],
    );
  });

  it("writes every Kubernetes object valid against the Kubernetes 1.34 schema", async () => {
    const problems = await validateKubernetesObjects(childrenOf(registered));
    assert.deepEqual(formatSchemaProblems(problems), []);
  });

  it("creates the image repository: immutable tags, scanned on push, KMS-encrypted, the newest 50 images kept", () => {
    const repository = one(registered, "aws:ecr/repository:Repository", "dev-launcher-repository").inputs;
    assert.equal(repository.name, "game-infra-dev/launcher");
    assert.equal(repository.imageTagMutability, "IMMUTABLE");
    assert.deepEqual(repository.imageScanningConfiguration, { scanOnPush: true });
    assert.deepEqual(repository.encryptionConfigurations, [{ encryptionType: "KMS" }]);
    assert.equal(repository.forceDelete, false);
    const lifecycle = one(
      registered,
      "aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "dev-launcher-repository-lifecycle",
    ).inputs;
    assert.equal(lifecycle.repository, "game-infra-dev/launcher");
    assert.deepEqual(JSON.parse(String(lifecycle.policy)), {
      rules: [
        {
          rulePriority: 1,
          description: "Keep the newest 50 images; pin only digests among them",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
          action: { type: "expire" },
        },
      ],
    });
  });

  it("gives pushers AWS's published push permissions on this repository only", () => {
    const upstream = JSON.parse(readFileSync(join(UPSTREAM, "aws-ecr", "image-push-iam.json"), "utf8")) as {
      policy: { Statement: Array<{ Action: string | string[]; Resource: string }> };
    };
    const policy = JSON.parse(
      String(one(registered, "aws:iam/policy:Policy", "dev-launcher-image-push").inputs.policy),
    ) as {
      Statement: Array<{ Action: string | string[]; Resource: string }>;
    };
    const actions = (s: { Action: string | string[] }) => [s.Action].flat().sort();
    assert.deepEqual(policy.Statement.map(actions), upstream.policy.Statement.map(actions));
    assert.deepEqual(
      policy.Statement.map((s) => s.Resource),
      ["arn:aws:ecr:eu-west-1:123456789012:repository/game-infra-dev/launcher", "*"],
    );
  });

  it("puts the launcher in its own namespace, enforcing the restricted Pod Security Standard", () => {
    const labels = (
      one(registered, "kubernetes:core/v1:Namespace", "dev-launcher-namespace").inputs.metadata as Props
    ).labels;
    assert.equal(
      (one(registered, "kubernetes:core/v1:Namespace", "dev-launcher-namespace").inputs.metadata as Props)
        .name,
      "launcher",
    );
    for (const mode of ["enforce", "audit", "warn"])
      assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted");
  });

  it("lets the launcher's ServiceAccount get, list and watch workload status, and nothing else", () => {
    const role = one(
      registered,
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
      "dev-launcher-status-reader",
    ).inputs;
    assert.deepEqual(role.rules, [
      { apiGroups: [""], resources: ["namespaces", "pods"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["kube-green.com"], resources: ["sleepinfos"], verbs: ["get", "list", "watch"] },
    ]);
    const binding = one(
      registered,
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
      "dev-launcher-status-reader",
    ).inputs;
    assert.deepEqual(binding.roleRef, {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "launcher-status-reader",
    });
    assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "launcher", namespace: "launcher" }]);
    const account = one(
      registered,
      "kubernetes:core/v1:ServiceAccount",
      "dev-launcher-service-account",
    ).inputs;
    assert.deepEqual(
      [(account.metadata as Props).namespace, (account.metadata as Props).name],
      ["launcher", "launcher"],
    );
    assert.equal(account.automountServiceAccountToken, false, "only the pod that asks gets a token");
  });

  it("reads kube-green's SleepInfos by the group and plural its CRD declares", () => {
    const crd = parseAllDocuments(
      readFileSync(join(UPSTREAM, "kube-green", "kube-green.com_sleepinfos.yaml"), "utf8"),
    )[0]!.toJS() as {
      spec: { group: string; names: { plural: string } };
    };
    const role = one(
      registered,
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
      "dev-launcher-status-reader",
    ).inputs;
    const rule = (role.rules as Props[]).find((r) => r.apiGroups[0] === crd.spec.group);
    assert.deepEqual(rule?.resources, [crd.spec.names.plural]);
  });

  it("lets the load balancer controller read the OIDC client Secret by name, as the controller's docs prescribe", async () => {
    const upstream = readFileSync(
      join(UPSTREAM, "aws-load-balancer-controller", "secrets-access.md"),
      "utf8",
    );
    const [roleYaml, bindingYaml] = [...upstream.matchAll(/```\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .filter((b) => b.includes("apiVersion"))
      .map((b) => parse(b.replace(/^ {4}/gm, "")) as Props);
    const role = one(
      registered,
      "kubernetes:rbac.authorization.k8s.io/v1:Role",
      "dev-launcher-oidc-secret-reader",
    ).inputs;
    assert.deepEqual(role.rules, [
      {
        apiGroups: [""],
        resourceNames: ["launcher-oidc"],
        resources: ["secrets"],
        verbs: ["get", "list", "watch"],
      },
    ]);
    const example = roleYaml!.rules[0] as Props;
    assert.deepEqual(
      { ...(role.rules as Props[])[0], resourceNames: example.resourceNames },
      {
        apiGroups: example.apiGroups,
        resourceNames: example.resourceNames,
        resources: example.resources,
        verbs: example.verbs,
      },
    );
    const binding = one(
      registered,
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "dev-launcher-oidc-secret-reader",
    ).inputs;
    assert.deepEqual(binding.subjects, bindingYaml!.subjects);
    // ... which is the account the stack's controller release runs as.
    const release = registered
      .ofType("kubernetes:helm.sh/v3:Release")
      .find((r) => String(r.inputs.chart).includes("aws-load-balancer-controller"))!;
    const values = release.inputs.values as Props;
    assert.deepEqual(binding.subjects, [
      { kind: "ServiceAccount", name: values.serviceAccount.name, namespace: release.inputs.namespace },
    ]);
  });

  it("annotates the browser Ingress for the ALB's OIDC login on the shared ALB", () => {
    const ingress = one(registered, "kubernetes:networking.k8s.io/v1:Ingress", "dev-launcher-ingress")
      .inputs as Ingress;
    assert.deepEqual(ingress.metadata!.annotations, {
      [`${ALB}/group.name`]: "game-infra-dev",
      [`${ALB}/group.order`]: "2",
      [`${ALB}/scheme`]: "internet-facing",
      [`${ALB}/target-type`]: "ip",
      [`${ALB}/listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]',
      [`${ALB}/ssl-redirect`]: "443",
      [`${ALB}/certificate-arn`]: certificateArn,
      [`${ALB}/ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      [`${ALB}/target-group-attributes`]: "deregistration_delay.timeout_seconds=30",
      [`${ALB}/healthcheck-path`]: "/readyz",
      [`${ALB}/auth-type`]: "oidc",
      [`${ALB}/auth-idp-oidc`]:
        '{"issuer":"https://login.studio.example","authorizationEndpoint":"https://login.studio.example/oauth2/authorize","tokenEndpoint":"https://login.studio.example/oauth2/token","userInfoEndpoint":"https://login.studio.example/oauth2/userinfo","secretName":"launcher-oidc"}',
      [`${ALB}/auth-on-unauthenticated-request`]: "authenticate",
      [`${ALB}/auth-scope`]: "openid email",
    });
    assert.ok(certificateArn.startsWith("arn:aws:acm:"), certificateArn);
    assert.deepEqual(ingress.spec, {
      ingressClassName: "alb",
      tls: [{ hosts: ["stove.dev.game.example.com"] }],
      rules: [
        {
          host: "stove.dev.game.example.com",
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: "launcher", port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    });
  });

  it("annotates the preset Ingress: no login, the studio's CIDR only, evaluated before the browser rule", () => {
    const ingress = one(registered, "kubernetes:networking.k8s.io/v1:Ingress", "dev-launcher-presets-ingress")
      .inputs as Ingress;
    const annotations = ingress.metadata!.annotations!;
    assert.equal(annotations[`${ALB}/auth-type`], "none");
    assert.equal(
      annotations[`${ALB}/conditions.launcher`],
      '[{"field":"source-ip","sourceIpConfig":{"values":["203.0.113.0/24"]}}]',
    );
    assert.equal(annotations[`${ALB}/group.order`], "1");
    assert.equal(annotations[`${ALB}/auth-idp-oidc`], undefined);
    assert.deepEqual(ingress.spec!.rules, [
      {
        host: "stove.dev.game.example.com",
        http: {
          paths: [
            {
              path: "/api/v1/presets",
              pathType: "Prefix",
              backend: { service: { name: "launcher", port: { number: 80 } } },
            },
          ],
        },
      },
    ]);
  });

  it("uses only annotation names, values and OIDC keys the controller documents", () => {
    const excerpt = readFileSync(
      join(UPSTREAM, "aws-load-balancer-controller", "ingress-auth-annotations-excerpt.md.txt"),
      "utf8",
    );
    const conditions = readFileSync(
      join(UPSTREAM, "aws-load-balancer-controller", "ingress-annotations-excerpt.md.txt"),
      "utf8",
    );
    const documented = (key: string) =>
      excerpt.includes(`[${ALB}/${key}](#`) ||
      (key.startsWith("conditions.") && conditions.includes("conditions.${conditions-name}"));
    for (const name of ["dev-launcher-ingress", "dev-launcher-presets-ingress"]) {
      const annotations = (one(registered, "kubernetes:networking.k8s.io/v1:Ingress", name).inputs as Ingress)
        .metadata!.annotations!;
      for (const key of Object.keys(annotations).map((k) => k.slice(ALB.length + 1))) {
        if (/^(auth-|group\.|conditions\.|listen-ports|ssl-redirect|healthcheck-path)/.test(key)) {
          assert.ok(documented(key), `${key} is in the vendored annotations`);
        }
      }
    }
    const example = /auth-idp-oidc: '(\{.*\})'/.exec(excerpt)![1]!;
    const annotations = (
      one(registered, "kubernetes:networking.k8s.io/v1:Ingress", "dev-launcher-ingress").inputs as Ingress
    ).metadata!.annotations!;
    assert.deepEqual(
      Object.keys(JSON.parse(String(annotations[`${ALB}/auth-idp-oidc`])) as object),
      Object.keys(JSON.parse(example) as object),
    );
    assert.match(
      excerpt,
      /\|\[alb\.ingress\.kubernetes\.io\/auth-on-unauthenticated-request\].*\|authenticate\\\|allow\\\|deny\|/,
    );
    assert.match(excerpt, /\* \*\*email\*\*\n[\s\S]*\* \*\*openid\*\*/);
    // The orders 1 and 2 are valid in both readings of group.order (1-1000 before, -1000..1000 at v2.16.0).
    assert.match(excerpt, /a number between 1-1000/);
  });

  it("fits the preset rule in the ALB's five condition values: host, the Prefix path's two patterns, two CIDRs", () => {
    const limits = JSON.parse(
      readFileSync(join(UPSTREAM, "aws-elb", "alb-listener-rule-limits.json"), "utf8"),
    ) as {
      conditionValuesPerRule: { value: number };
    };
    assert.equal(1 + 2 + 2, limits.conditionValuesPerRule.value);
  });

  it("runs the builder's pod: probes on /healthz and /readyz, restricted and read-only, system pool, grace tolerations", () => {
    const pod = deployment.spec!.template!.spec!;
    const container = pod.containers![0]!;
    assert.equal(deployment.metadata!.namespace, "launcher");
    assert.equal(deployment.spec!.replicas, 1);
    assert.equal(container.image, `${DEV_REPOSITORY}@${DIGEST}`);
    assert.deepEqual(container.readinessProbe!.httpGet, { path: "/readyz", port: "http", scheme: "HTTP" });
    assert.deepEqual(container.livenessProbe!.httpGet, { path: "/healthz", port: "http", scheme: "HTTP" });
    assert.deepEqual(container.ports, [{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    assert.deepEqual(container.resources, {
      requests: { cpu: "100m", memory: "384Mi" },
      limits: { memory: "768Mi", cpu: "1" },
    });
    for (const c of [container, pod.initContainers![0]!]) {
      assert.deepEqual(c.securityContext, {
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
    }
    assert.equal(pod.serviceAccountName, "launcher");
    assert.equal(pod.automountServiceAccountToken, true);
    assert.deepEqual(pod.nodeSelector, { "game-infra/pool": "system" });
    for (const t of graceTolerations(240)) {
      assert.ok(
        pod.tolerations!.some((p) => isDeepStrictEqual(p, t)),
        t.key,
      );
    }
    assert.deepEqual(container.volumeMounts, [
      { name: "tmp", mountPath: "/tmp" },
      { name: "home", mountPath: "/home/launcher" },
      { name: "state", mountPath: "/var/lib/launcher" },
      { name: "git-ssh", mountPath: "/etc/launcher/git-ssh", readOnly: true },
    ]);
    assert.deepEqual(pod.volumes![3], {
      name: "git-ssh",
      secret: {
        secretName: "launcher-git",
        defaultMode: 0o440,
        items: [
          { key: "ssh-privatekey", path: "ssh-privatekey" },
          { key: "known_hosts", path: "known_hosts" },
        ],
      },
    });
  });

  it("clones the configured repository into the state volume before the server starts", () => {
    const clone = deployment.spec!.template!.spec!.initContainers![0]!;
    assert.equal(clone.name, "clone-repository");
    assert.equal(clone.image, `${DEV_REPOSITORY}@${DIGEST}`);
    assert.deepEqual(clone.command, [
      "/bin/sh",
      "-c",
      'set -eu\nrm -rf /var/lib/launcher/repo\ngit clone --quiet -- "$LAUNCHER_GIT_URL" /var/lib/launcher/repo',
    ]);
    assert.deepEqual(clone.env![0], {
      name: "LAUNCHER_GIT_URL",
      value: "git@github.com:studio-example/game-infra.git",
    });
  });

  it("passes Secrets to the server by name only, and the rest of its environment as literal values", () => {
    assert.deepEqual(deployment.spec!.template!.spec!.containers![0]!.env, [
      { name: "LAUNCHER_TIER", value: "dev" },
      { name: "LAUNCHER_PUBLIC_URL", value: "https://stove.dev.game.example.com" },
      { name: "AWS_REGION", value: "eu-west-1" },
      {
        name: "SLACK_WEBHOOK_URL",
        valueFrom: { secretKeyRef: { name: "launcher-slack", key: "webhook-url" } },
      },
      { name: "HOME", value: "/home/launcher" },
      { name: "GIT_TERMINAL_PROMPT", value: "0" },
      {
        name: "GIT_SSH_COMMAND",
        value:
          "ssh -i /etc/launcher/git-ssh/ssh-privatekey -o IdentitiesOnly=yes -o UserKnownHostsFile=/etc/launcher/git-ssh/known_hosts -o StrictHostKeyChecking=yes",
      },
    ]);
  });

  it("admits only the ALB's public subnets, on the server's port, and lets out DNS, HTTPS and SSH", () => {
    const spec = (name: string) =>
      (
        one(registered, "kubernetes:networking.k8s.io/v1:NetworkPolicy", `dev-launcher-${name}`)
          .inputs as NetworkPolicy
      ).spec;
    assert.deepEqual(spec("default-deny"), { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.deepEqual(spec("allow-load-balancer"), {
      podSelector: {
        matchLabels: { "app.kubernetes.io/name": "launcher", "app.kubernetes.io/instance": "launcher" },
      },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: ["10.20.128.0/24", "10.20.129.0/24", "10.20.130.0/24"].map((cidr) => ({ ipBlock: { cidr } })),
          ports: [{ protocol: "TCP", port: 8080 }],
        },
      ],
    });
    assert.deepEqual(spec("allow-https-egress")!.egress, [{ ports: [{ protocol: "TCP", port: 443 }] }]);
    assert.deepEqual(spec("allow-ssh-egress")!.egress, [{ ports: [{ protocol: "TCP", port: 22 }] }]);
    assert.deepEqual(spec("allow-dns")!.egress![0]!.ports, [
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ]);
  });
});

describe("Launcher with other settings", () => {
  it("serves at <hostLabel>.<domain>, takes HTTPS Git credentials and a preset token from Secrets, and drops SSH", async () => {
    const { registered } = await runStack("dev", {
      launcher: {
        ...devLauncher,
        hostLabel: "launch",
        gitRepositoryUrl: "https://github.com/studio-example/game-infra.git",
        presetAllowedCidrs: [],
        presetTokenSecretName: "launcher-preset-token",
      },
    });
    const ingress = one(registered, "kubernetes:networking.k8s.io/v1:Ingress", "dev-launcher-ingress")
      .inputs as Ingress;
    assert.deepEqual(ingress.spec!.tls, [{ hosts: ["launch.dev.game.example.com"] }]);
    const presets = one(registered, "kubernetes:networking.k8s.io/v1:Ingress", "dev-launcher-presets-ingress")
      .inputs as Ingress;
    assert.equal(
      presets.metadata!.annotations![`${ALB}/conditions.launcher`],
      undefined,
      "no CIDRs: no condition",
    );
    const container = (
      one(registered, "kubernetes:apps/v1:Deployment", "dev-launcher-deployment").inputs as Deployment
    ).spec!.template!.spec!.containers![0]!;
    const env = Object.fromEntries(container.env!.map((e) => [e.name, e.valueFrom ?? e.value]));
    assert.deepEqual(env.PRESET_TOKEN, { secretKeyRef: { name: "launcher-preset-token", key: "token" } });
    assert.deepEqual(env.GIT_HTTPS_USERNAME, { secretKeyRef: { name: "launcher-git", key: "username" } });
    assert.deepEqual(env.GIT_HTTPS_TOKEN, { secretKeyRef: { name: "launcher-git", key: "token" } });
    assert.equal(env.GIT_CONFIG_KEY_0, "credential.helper");
    assert.equal(env.GIT_SSH_COMMAND, undefined);
    assert.ok(!container.volumeMounts!.some((m) => m.name === "git-ssh"));
    assert.equal(
      childrenOf(registered).filter((r) => r.name === "dev-launcher-allow-ssh-egress").length,
      0,
      "no SSH egress for an HTTPS remote",
    );
  });

  it("gives git's credential helper the token from the environment, and nothing for other git requests", () => {
    // The helper as git runs it: `sh -c '<helper> "$@"' <helper> <action>` (the leading ! dropped).
    assert.ok(GIT_HTTPS_CREDENTIAL_HELPER.startsWith("!"), "a shell helper");
    const helper = GIT_HTTPS_CREDENTIAL_HELPER.slice(1);
    const run = (action: string) =>
      execFileSync("sh", ["-c", `${helper} "$@"`, "helper", action], {
        env: { PATH: process.env.PATH, GIT_HTTPS_USERNAME: "x-access-token", GIT_HTTPS_TOKEN: "t0ken" },
      }).toString();
    assert.equal(run("get"), "username=x-access-token\npassword=t0ken\n");
    assert.equal(run("store"), "");
  });

  it("creates only the image repository and its push policy on a stack without `launcher`", async () => {
    const { registered, outputs } = await runStack("qa");
    const launcherUrn = "urn:pulumi:qa::game-infra::game:index:Launcher::qa-launcher";
    assert.deepEqual(
      registered.resources
        .filter((r) => r.parent === launcherUrn)
        .map((r) => r.type)
        .sort(),
      ["aws:ecr/lifecyclePolicy:LifecyclePolicy", "aws:ecr/repository:Repository", "aws:iam/policy:Policy"],
    );
    assert.equal(
      await valueOf(outputs.launcher.imageRepositoryUrl),
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-qa/launcher",
    );
    assert.equal(await valueOf(outputs.launcher.url), undefined);
    assert.equal(
      registered
        .ofType("kubernetes:core/v1:Namespace")
        .filter((n) => (n.inputs.metadata as Props).name === "launcher").length,
      0,
    );
  });
});

describe("launcher config", () => {
  /** The config issues of dev's launcher with `change`; none when the config is accepted. */
  const issuesFor = async (change: Record<string, unknown>): Promise<string[]> => {
    const overrides = { launcher: { ...devLauncher, ...change } };
    try {
      await loadConfig("dev", overrides);
      return [];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return (await configIssues("dev", overrides)).map((i) => `${i.path}: ${i.message}`);
    }
  };

  it("refuses an image pinned by tag, by tag and digest, or by a malformed digest", async () => {
    assert.deepEqual(await issuesFor({ image: `${DEV_REPOSITORY}:1.4.0` }), [
      `launcher.image: "${DEV_REPOSITORY}:1.4.0" is not pinned by digest (it names a tag); write <repository>@sha256:<64 hex digits>, the digest the image workflow prints`,
    ]);
    assert.deepEqual(await issuesFor({ image: `${DEV_REPOSITORY}:latest@${DIGEST}` }), [
      `launcher.image: "${DEV_REPOSITORY}:latest@${DIGEST}" names a tag as well as a digest; write <repository>@sha256:<64 hex digits> without ":latest" (the digest alone decides what runs)`,
    ]);
    assert.deepEqual(await issuesFor({ image: `${DEV_REPOSITORY}@sha256:${"a".repeat(63)}` }), [
      `launcher.image: "sha256:${"a".repeat(63)}" is not an image digest: sha256: followed by 64 lower-case hexadecimal digits`,
    ]);
    assert.deepEqual(await issuesFor({ image: DEV_REPOSITORY }), [
      `launcher.image: "${DEV_REPOSITORY}" is not pinned by digest (it names no digest); write <repository>@sha256:<64 hex digits>, the digest the image workflow prints`,
    ]);
  });

  it("refuses an image from another stack's or region's repository", async () => {
    const expected = `launcher.image: the image must come from this stack's launcher repository, <account>.dkr.ecr.eu-west-1.amazonaws.com/game-infra-dev/launcher (the platform creates it; the image workflow pushes there), not`;
    const qa = await issuesFor({
      image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-qa/launcher@${DIGEST}`,
    });
    assert.deepEqual(qa, [`${expected} 123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-infra-qa/launcher`]);
    const region = await issuesFor({
      image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/game-infra-dev/launcher@${DIGEST}`,
    });
    assert.equal(region.length, 1);
    assert.match(region[0]!, /^launcher\.image: the image must come from this stack's launcher repository/);
  });

  it("limits the preset CIDRs to what one ALB rule holds, never /0, and needs CIDRs or a token", async () => {
    assert.deepEqual(
      await issuesFor({ presetAllowedCidrs: ["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"] }),
      [
        "launcher.presetAllowedCidrs: has 3 CIDRs; at most 2 fit: one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 3",
      ],
    );
    assert.deepEqual(await issuesFor({ presetAllowedCidrs: ["0.0.0.0/0"] }), [
      'launcher.presetAllowedCidrs: "0.0.0.0/0" admits every address; to open the preset API to everyone, configure presetTokenSecretName and leave the CIDRs out',
    ]);
    assert.deepEqual(await issuesFor({ presetAllowedCidrs: [] }), [
      "launcher.presetAllowedCidrs: is empty and presetTokenSecretName is not set: the preset API, which skips the browser login, must be limited by source CIDR or token",
    ]);
    assert.deepEqual(await issuesFor({ presetAllowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] }), []);
    assert.deepEqual(
      await issuesFor({ presetAllowedCidrs: [], presetTokenSecretName: "launcher-preset-token" }),
      [],
    );
  });

  it("refuses identity provider URLs that are not https, Git URLs it cannot use, and Secret names Kubernetes refuses", async () => {
    const issues = await issuesFor({
      oidc: { ...(devLauncher.oidc as object), tokenEndpoint: "http://login.studio.example/token" },
      gitRepositoryUrl: "http://git.studio.example/game-infra.git",
      slackSecretName: "Slack_Webhook",
    });
    assert.deepEqual(issues.sort(), [
      'launcher.gitRepositoryUrl: "http://git.studio.example/game-infra.git" must be an SSH URL (git@host:org/repo.git, ssh://git@host/org/repo.git) or an https:// URL without credentials in it',
      'launcher.oidc.tokenEndpoint: "http://login.studio.example/token" must be a full https:// URL (the ALB calls the identity provider over TLS)',
      'launcher.slackSecretName: "Slack_Webhook" must be a Kubernetes Secret name (a DNS-1123 label of at most 63 characters)',
    ]);
    assert.deepEqual(
      await issuesFor({ gitRepositoryUrl: "https://user:pw@github.com/studio-example/game-infra.git" }),
      [
        'launcher.gitRepositoryUrl: "https://user:pw@github.com/studio-example/game-infra.git" must be an SSH URL (git@host:org/repo.git, ssh://git@host/org/repo.git) or an https:// URL without credentials in it',
      ],
    );
  });

  it("keeps the OIDC client Secret, which the load balancer controller may read, apart from the others", async () => {
    assert.deepEqual(await issuesFor({ gitSecretName: "launcher-oidc" }), [
      'launcher.gitSecretName: "launcher-oidc" is also the OIDC client Secret, which the load balancer controller may read; use a Secret of its own',
    ]);
  });

  it("refuses the log dashboards' host and unknown keys", async () => {
    assert.deepEqual(await issuesFor({ hostLabel: "logs" }), [
      'launcher.hostLabel: "logs" is the log dashboards\' host; choose another',
    ]);
    const typo = await issuesFor({ hostlabel: "stove" });
    assert.equal(typo.length, 1);
    assert.match(typo[0]!, /^launcher/);
    assert.match(typo[0]!, /hostlabel/);
  });

  it("resolves the defaults: host stove, Secrets launcher-git, launcher-slack and launcher-oidc, no preset token", async () => {
    const config = await loadConfig("dev");
    assert.deepEqual(config.launcher, {
      image: `${DEV_REPOSITORY}@${DIGEST}`,
      hostLabel: "stove",
      oidc: {
        issuer: "https://login.studio.example",
        authorizationEndpoint: "https://login.studio.example/oauth2/authorize",
        tokenEndpoint: "https://login.studio.example/oauth2/token",
        userInfoEndpoint: "https://login.studio.example/oauth2/userinfo",
        clientSecretName: "launcher-oidc",
      },
      presetAllowedCidrs: ["203.0.113.0/24"],
      gitRepositoryUrl: "git@github.com:studio-example/game-infra.git",
      gitSecretName: "launcher-git",
      slackSecretName: "launcher-slack",
    });
  });
});

describe("Launcher argument validation", () => {
  const validArgs = (poolTypes: string[], keepImages?: number): LauncherArgs => {
    const pool = { name: "system", labels: {}, dedicated: false };
    const scheduling = poolScheduling(pool);
    return {
      cluster: {
        provider: undefined as unknown as k8s.Provider,
        systemScheduling: {
          nodeSelector: { ...scheduling.nodeSelector },
          tolerations: [...graceTolerations(240)],
        },
        graceTolerations: graceTolerations(240),
        nodePools: { system: { ...scheduling, sizing: poolSizing(poolTypes) } },
        certificateArn: pulumi.output("arn:aws:acm:eu-west-1:123456789012:certificate/x"),
        readyResources: [],
      },
      repositoryName: "game-infra-dev/launcher",
      region: "eu-west-1",
      ...(keepImages !== undefined ? { keepImages } : {}),
      service: {
        image: `${DEV_REPOSITORY}@${DIGEST}`,
        hostLabel: "stove",
        oidc: {
          issuer: "https://login.studio.example",
          authorizationEndpoint: "https://login.studio.example/a",
          tokenEndpoint: "https://login.studio.example/t",
          userInfoEndpoint: "https://login.studio.example/u",
          clientSecretName: "launcher-oidc",
        },
        presetAllowedCidrs: ["203.0.113.0/24"],
        gitRepositoryUrl: "git@github.com:studio-example/game-infra.git",
        gitSecretName: "launcher-git",
        slackSecretName: "launcher-slack",
        tier: "dev",
        domain: "dev.game.example.com",
        ingressGroup: "game-infra-dev",
        loadBalancerCidrs: ["10.20.128.0/24"],
      },
    };
  };

  it("accepts the dev stack's arguments", () => {
    assert.deepEqual(validateLauncherArgs(validArgs(["m6i.large"])), []);
  });

  it("refuses an Arm system pool (the image is built for linux/amd64) and a keepImages of 0", () => {
    assert.deepEqual(validateLauncherArgs(validArgs(["m7g.large"], 0)), [
      { propertyPath: "keepImages", reason: "must be a whole number from 1 to 1000, got 0" },
      {
        propertyPath: "cluster.nodePools.system",
        reason: "the launcher image is built for linux/amd64 only, but the system pool has m7g.large (arm64)",
      },
    ]);
  });

  it("creates nothing when the arguments are invalid", async () => {
    const attempt = runComponent(
      () => new Launcher("bad", { ...validArgs(["m6i.large"]), repositoryName: "Game/Launcher" }),
    );
    await assert.rejects(attempt, (err: Error) => {
      assert.match(
        err.message,
        /Launcher "bad" has invalid arguments:\n {2}repositoryName: "Game\/Launcher" is not an ECR repository name/,
      );
      return true;
    });
  });
});

/** A plan as the policy runner reads it from a `--json` file. */
function policyPlan(plan: Awaited<ReturnType<typeof buildPlatformPlan>>["plan"]): Plan {
  return parsePlan(JSON.parse(serializePlan(plan)));
}

function changed(plan: Plan, name: string, change: (inputs: Props) => void): Plan {
  return {
    ...plan,
    resources: plan.resources.map((r): PlanResource => {
      if (r.name !== name) return r;
      const inputs = structuredClone(r.inputs) as Props;
      change(inputs);
      return { ...r, inputs };
    }),
  };
}

describe("the policy pack over the dev platform plan", () => {
  let plan: Plan;
  const findings = async (p: Plan) =>
    (await runPolicies(p, readConfigFile(tierConfigFile("dev")))).violations.filter((v: Violation) =>
      v.urn.includes("Launcher"),
    );
  before(async () => {
    plan = policyPlan((await buildPlatformPlan({ root: ROOT, stack: "dev" })).plan);
  });

  it("finds nothing wrong with the launcher, at any level", async () => {
    assert.deepEqual(
      (await findings(plan)).map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message}`),
      [],
    );
  });

  it("L1 fires when the browser Ingress loses its OIDC login", async () => {
    const broken = changed(
      plan,
      "dev-launcher-ingress",
      (i) => delete i.metadata.annotations[`${ALB}/auth-type`],
    );
    const found = (await findings(broken)).filter((v) => v.policyName === "launcher-ingress-authentication");
    assert.deepEqual(
      found.map((v) => [v.enforcementLevel, v.urn.endsWith("::dev-launcher-ingress")]),
      [["mandatory", true]],
    );
  });

  it("L2 fires when the status role can read Secrets", async () => {
    const broken = changed(plan, "dev-launcher-status-reader", (i) => {
      if (i.kind === "ClusterRole") i.rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] });
    });
    const found = (await findings(broken)).filter((v) => v.policyName === "launcher-status-read-only");
    assert.equal(found.length, 1);
    assert.equal(found[0]!.enforcementLevel, "mandatory");
    assert.match(found[0]!.message, /lets the launcher read Secrets/);
  });
});
