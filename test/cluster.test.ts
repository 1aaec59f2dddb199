import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runComponent, runStack, valueOf, type Registered } from "./harness";
import type { StackOutputs } from "../program";
import { GameCluster, type GameClusterArgs } from "../components/cluster";
import { GameNetwork } from "../components/network";
import { AWS_LOAD_BALANCER_CONTROLLER_CHART, EXTERNAL_DNS_CHART } from "../lib/charts";

type Json = Record<string, unknown>;
const inputs = (r: { inputs: unknown }) => r.inputs as Json;

describe("GameCluster on the dev stack", () => {
  let registered: Registered;
  let outputs: StackOutputs;
  before(async () => {
    ({ registered, outputs } = await runStack("dev"));
  });

  it("builds the control plane with API auth, every log type, KMS secrets, a limited public endpoint and OIDC", () => {
    const cluster = inputs(registered.one("eks:index:Cluster"));
    assert.equal(cluster.deletionProtection, false, "a dev cluster may be torn down and rebuilt");
    assert.equal(cluster.authenticationMode, "API");
    assert.equal(cluster.skipDefaultNodeGroup, true);
    assert.deepEqual(cluster.enabledClusterLogTypes, [
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
    assert.equal(cluster.encryptionConfigKeyArn, "arn:aws:kms:eu-west-1:123456789012:key/dev-secrets-id");
    assert.equal(cluster.endpointPrivateAccess, true);
    assert.equal(cluster.endpointPublicAccess, true);
    assert.deepEqual(cluster.publicAccessCidrs, ["203.0.113.0/24"]);
    assert.equal(cluster.createOidcProvider, true);
    assert.equal(cluster.version, "1.34");
    assert.equal((cluster.vpcCniOptions as Json).enableNetworkPolicy, true);
    assert.equal(inputs(registered.one("aws:kms/key:Key", "secrets")).enableKeyRotation, true);
  });

  it("gives admins cluster admin and maps each team's principals to its group, with no access policy", () => {
    const entries = inputs(registered.one("eks:index:Cluster")).accessEntries as Json;
    assert.deepEqual(entries, {
      "admin-role-platform-admin-123456789012": {
        principalArn: "arn:aws:iam::123456789012:role/platform-admin",
        accessPolicies: {
          admin: {
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
          },
        },
      },
      "team-role-dev-balance-team-123456789012": {
        principalArn: "arn:aws:iam::123456789012:role/dev-balance-team",
        kubernetesGroups: ["game-team:balance"],
        accessPolicies: {},
      },
      "team-role-dev-server-team-123456789012": {
        principalArn: "arn:aws:iam::123456789012:role/dev-server-team",
        kubernetesGroups: ["game-team:server"],
        accessPolicies: {},
      },
    });
  });

  it("runs the system pool as a Bottlerocket managed node group with IMDSv2, in private subnets, sized by the sizing maths", () => {
    // The game pool is Karpenter's (test/karpenter.test.ts): it has no node group.
    const pools = registered.ofType("eks:index:ManagedNodeGroup").map(inputs);
    assert.equal(pools.length, 1);
    const system = inputs(registered.one("eks:index:ManagedNodeGroup", "system"));
    assert.equal(system.operatingSystem, "Bottlerocket");
    assert.equal(system.enableIMDSv2, true);
    assert.deepEqual(system.subnetIds, [
      "subnet-dev-private-0",
      "subnet-dev-private-1",
      "subnet-dev-private-2",
    ]);
    assert.equal(system.capacityType, "ON_DEMAND");
    assert.deepEqual(system.scalingConfig, { minSize: 2, desiredSize: 2, maxSize: 4 });
    const k8s = (system.bottlerocketSettings as { settings: { kubernetes: Json } }).settings.kubernetes;
    // m6i.large: 3 ENIs x (10 - 1) + 2 = 29 pods; 11 x 29 + 255 = 574 MiB; 60m + 10m.
    assert.equal(k8s["max-pods"], 29);
    assert.deepEqual(k8s["kube-reserved"], { cpu: "70m", memory: "574Mi", "ephemeral-storage": "1Gi" });
  });

  it("labels the system pool without a taint, and exports the game pool's tolerations", () => {
    const system = inputs(registered.one("eks:index:ManagedNodeGroup", "system"));
    assert.deepEqual(system.labels, { "game-infra/pool": "system" });
    assert.deepEqual(system.taints, []);
    assert.deepEqual(outputs.nodePools.game!.tolerations, [
      { key: "game-infra/pool", operator: "Equal", value: "game", effect: "NoSchedule" },
    ]);
    assert.deepEqual(outputs.nodePools.game!.nodeSelector, { "game-infra/pool": "game" });
  });

  it("exports grace tolerations of nodeMonitorGracePeriod - 40 s (240s -> 200s)", () => {
    assert.deepEqual(
      outputs.graceTolerations.map((t) => [t.key, t.effect, t.tolerationSeconds]),
      [
        ["node.kubernetes.io/not-ready", "NoExecute", 200],
        ["node.kubernetes.io/unreachable", "NoExecute", 200],
      ],
    );
  });

  it("installs coredns, the EBS CSI driver (with its IRSA role) and metrics-server as EKS add-ons on the system pool", () => {
    const addons = Object.fromEntries<Json>(
      registered.ofType("aws:eks/addon:Addon").map((a) => [String(inputs(a).addonName), inputs(a)]),
    );
    assert.deepEqual(Object.keys(addons).sort(), ["aws-ebs-csi-driver", "coredns", "metrics-server"]);
    const coredns = JSON.parse(addons.coredns!.configurationValues as string) as {
      tolerations: Json[];
      nodeSelector: Json;
    };
    assert.deepEqual(coredns.nodeSelector, { "game-infra/pool": "system" });
    assert.ok(
      coredns.tolerations.some(
        (t) => t.key === "node.kubernetes.io/unreachable" && t.tolerationSeconds === 200,
      ),
    );
    assert.equal(
      addons["aws-ebs-csi-driver"]!.serviceAccountRoleArn,
      "arn:aws:iam::123456789012:role/dev-addons-ebs-csi-role",
    );
    const ebsTrust = JSON.parse(
      inputs(registered.one("aws:iam/role:Role", "dev-addons-ebs-csi-role")).assumeRolePolicy as string,
    );
    assert.equal(
      ebsTrust.Statement[0].Condition.StringEquals[`oidc.eks.eu-west-1.amazonaws.com/id/GAMEINFRADEV:sub`],
      "system:serviceaccount:kube-system:ebs-csi-controller-sa",
    );
    for (const addon of Object.values(addons)) assert.match(String(addon.addonVersion), /for-1\.34$/);
  });

  it("installs the load balancer controller and external-dns from pinned charts, with grace tolerations", () => {
    const releases = Object.fromEntries<Json>(
      registered
        .ofType("kubernetes:helm.sh/v3:Release")
        // The cluster's own add-ons; other components' releases (the log collector runs on every
        // node, Karpenter in test/karpenter.test.ts) are theirs to test.
        .filter(
          (r) => inputs(r).namespace === "kube-system" && !String(inputs(r).chart).includes("karpenter"),
        )
        .map((r) => [String(inputs(r).chart), inputs(r)]),
    );
    assert.equal(
      releases["aws-load-balancer-controller"]!.version,
      AWS_LOAD_BALANCER_CONTROLLER_CHART.version,
    );
    assert.equal(releases["external-dns"]!.version, EXTERNAL_DNS_CHART.version);
    for (const release of Object.values(releases)) {
      assert.match(String(release.version), /^\d+\.\d+\.\d+$/);
      const values = release.values as { tolerations: Json[]; nodeSelector: Json };
      assert.deepEqual(values.nodeSelector, { "game-infra/pool": "system" });
      assert.ok(
        values.tolerations.some(
          (t) => t.key === "node.kubernetes.io/not-ready" && t.tolerationSeconds === 200,
        ),
      );
    }
  });

  it("lets external-dns change records only in the stack's hosted zone", () => {
    const policy = JSON.parse(
      inputs(registered.one("aws:iam/rolePolicy:RolePolicy", "dev-addons-external-dns-policy"))
        .policy as string,
    );
    const change = policy.Statement.find((s: Json) =>
      (s.Action as string[]).includes("route53:ChangeResourceRecordSets"),
    );
    assert.deepEqual(change.Resource, ["arn:aws:route53:::hostedzone/Z0DEV00000000000EXAMPLE"]);
    const values = inputs(registered.one("kubernetes:helm.sh/v3:Release", "external-dns")).values as Json;
    assert.deepEqual(values.domainFilters, ["dev.game.example.com"]);
  });

  it("makes an encrypted gp3 StorageClass the default", () => {
    const sc = inputs(registered.one("kubernetes:storage.k8s.io/v1:StorageClass"));
    assert.equal(
      (sc.metadata as { annotations: Json }).annotations["storageclass.kubernetes.io/is-default-class"],
      "true",
    );
    assert.deepEqual(sc.parameters, { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" });
  });

  it("issues one wildcard certificate validated by DNS in the stack's zone", () => {
    const cert = inputs(registered.one("aws:acm/certificate:Certificate"));
    assert.equal(cert.domainName, "*.dev.game.example.com");
    assert.equal(cert.validationMethod, "DNS");
    assert.equal(inputs(registered.one("aws:route53/record:Record")).zoneId, "Z0DEV00000000000EXAMPLE");
  });

  it("builds the VPC over 3 AZs with one NAT gateway, ALB subnet tags and flow logs", () => {
    assert.equal(registered.ofType("aws:ec2/natGateway:NatGateway").length, 1);
    const subnets = registered.ofType("aws:ec2/subnet:Subnet").map(inputs);
    assert.equal(subnets.filter((s) => (s.tags as Json)["kubernetes.io/role/elb"] === "1").length, 3);
    assert.equal(
      subnets.filter((s) => (s.tags as Json)["kubernetes.io/role/internal-elb"] === "1").length,
      3,
    );
    assert.ok(subnets.every((s) => s.mapPublicIpOnLaunch === false));
    assert.equal(inputs(registered.one("aws:ec2/flowLog:FlowLog")).trafficType, "ALL");
  });
});

describe("GameCluster on the stage stack", () => {
  it("has a NAT gateway per AZ, a 120 s grace period, deletion protection and store changes held for the maintenance window", async () => {
    const { registered, outputs } = await runStack("stage");
    assert.equal(registered.ofType("aws:ec2/natGateway:NatGateway").length, 3);
    assert.ok(outputs.graceTolerations.every((t) => t.tolerationSeconds === 80));
    assert.equal(inputs(registered.one("eks:index:Cluster")).deletionProtection, true);
    assert.equal(inputs(registered.one("aws:rds/instance:Instance")).applyImmediately, false);
    assert.equal(
      inputs(registered.one("aws:elasticache/replicationGroup:ReplicationGroup")).applyImmediately,
      false,
    );
  });
});

describe("GameCluster argument validation", () => {
  it("refuses to build a cluster without a game pool, before creating anything", async () => {
    const { loadConfig } = await import("./harness");
    const config = await loadConfig("dev");
    const attempt = runComponent(() => {
      const network = new GameNetwork("t", {
        cidr: "10.0.0.0/16",
        azCount: 2,
        natGateways: "single",
        clusterName: "t",
        flowLogRetentionDays: 7,
      });
      const args: GameClusterArgs = {
        clusterName: "t",
        kubernetesVersion: "1.34",
        network,
        publicAccessCidrs: ["0.0.0.0/0"],
        admins: [],
        nodePools: config.nodePools.filter((p) => p.name !== "game"),
        nodeMonitorGracePeriodSeconds: 240,
        logRetentionDays: 7,
        region: "eu-west-1",
        domain: "t.example.com",
        hostedZoneId: "Z1",
      };
      return new GameCluster("t", args);
    });
    await assert.rejects(attempt, (err: Error) => {
      assert.match(err.message, /nodePools: needs a "game" pool/);
      assert.match(err.message, /publicAccessCidrs: must not contain a \/0 block/);
      assert.match(err.message, /admins: needs at least one admin principal/);
      return true;
    });
  });

  it("exposes the node security group the data stores will admit", async () => {
    const { outputs } = await runStack("qa");
    assert.equal(await valueOf(outputs.nodeSecurityGroupId), "sg-game-infra-qa-eks-cluster");
  });
});

describe("IrsaRole argument validation", () => {
  it("names the property when a role would get no permissions or a bad service account", async () => {
    const { IrsaRole } = await import("../components/irsa-role");
    const attempt = runComponent(
      () =>
        new IrsaRole("bad", {
          oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/x",
          oidcIssuer: "x",
          namespace: "kube-system",
          serviceAccount: "Not_Valid",
          description: "test",
        }),
    );
    await assert.rejects(attempt, (err: Error) => {
      assert.match(err.message, /policy: give a policy or managedPolicyArns/);
      assert.match(err.message, /serviceAccount: "kube-system\/Not_Valid" is not a valid/);
      return true;
    });
  });
});
