/**
 * What the mock runtime answers for resources and provider functions. Remote components
 * (`eks:index:*`) appear as one resource whose outputs are whatever the mock returns, so the mock
 * returns the outputs downstream code reads (see EKS-NOTES.md); AWS resources get the computed
 * attributes our code uses (ARNs, endpoints, validation records). Values are deterministic, so the
 * offline plan is too.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/** The fake account and region every mocked ARN uses. */
export const MOCK_ACCOUNT = "123456789012";

/**
 * A deterministic physical id for a mocked resource. Subnets get EC2's `subnet-` prefix: Karpenter's
 * EC2NodeClass selects subnets by ID, and its CRD only accepts IDs of that shape.
 */
export function mockId(args: Pick<pulumi.runtime.MockResourceArgs, "type" | "name">): string {
  return args.type === "aws:ec2/subnet:Subnet" ? `subnet-${args.name}` : `${args.name}-id`;
}

function arn(service: string, region: string, resource: string): string {
  return `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${resource}`;
}

/**
 * Types whose `name` the provider generates when the program leaves it out (Pulumi auto-naming:
 * the resource name plus a random suffix). Code that passes such a name on, e.g. a subnet group's
 * to a database, needs it in the mock too.
 */
const AUTO_NAMED_TYPES: ReadonlySet<string> = new Set([
  "aws:cloudwatch/eventRule:EventRule",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:secretsmanager/secret:Secret",
]);

/** Inputs plus the auto-generated `name` for {@link AUTO_NAMED_TYPES}, with a deterministic suffix. */
function withAutoName(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (!AUTO_NAMED_TYPES.has(type) || inputs.name !== undefined) return inputs;
  const suffix = createHash("sha256").update(`${type}::${name}`).digest("hex").slice(0, 7);
  return { ...inputs, name: `${name}-${suffix}` };
}

/** The fake value of a generated password: `MOCKSECRET` plus the resource name, letters and digits only. */
export function mockSecret(name: string, length: number): string {
  return `MOCKSECRET${name.replace(/[^A-Za-z0-9]/g, "")}`.padEnd(length, "0");
}

/** A bcrypt-shaped (`$2a$10$` + 53 characters) stand-in for a password's hash, deterministic per name. */
export function mockBcryptHash(name: string): string {
  const body = createHash("sha256")
    .update(name)
    .digest("base64")
    .replace(/[^A-Za-z0-9]/g, ".");
  return `$2a$10$${(body + body).slice(0, 53)}`;
}

/** Outputs of `eks:index:Cluster`: everything downstream code reads from it. */
function eksClusterOutputs(inputs: Record<string, unknown>, region: string): Record<string, unknown> {
  const name = String(inputs.name ?? "cluster");
  const endpoint = `https://${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}.gr7.${region}.eks.amazonaws.com`;
  const issuerHost = `oidc.eks.${region}.amazonaws.com/id/${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: endpoint, "certificate-authority-data": "bW9jay1jYQ==" } }],
    contexts: [{ name: "aws", context: { cluster: name, user: "aws" } }],
    "current-context": "aws",
    users: [
      {
        name: "aws",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", name, "--output", "json"],
          },
        },
      },
    ],
  };
  const eksCluster = {
    name,
    arn: arn("eks", region, `cluster/${name}`),
    endpoint,
    version: inputs.version ?? "1.34",
    vpcConfig: { clusterSecurityGroupId: `sg-${name}-eks-cluster`, vpcId: inputs.vpcId },
    certificateAuthority: { data: "bW9jay1jYQ==" },
    identities: [{ oidcs: [{ issuer: `https://${issuerHost}` }] }],
  };
  return {
    ...inputs,
    kubeconfig,
    kubeconfigJson: JSON.stringify(kubeconfig),
    eksCluster,
    core: { cluster: eksCluster, endpoint, vpcId: inputs.vpcId, subnetIds: inputs.privateSubnetIds },
    oidcProviderArn: arn("iam", "", `oidc-provider/${issuerHost}`),
    oidcProviderUrl: `https://${issuerHost}`,
    oidcIssuer: issuerHost,
    clusterSecurityGroupId: `sg-${name}-control-plane`,
    nodeSecurityGroupId: `sg-${name}-nodes`,
  };
}

/** The mocked state of a newly registered resource: its inputs plus the attributes our code reads. */
export function mockResourceState(
  args: pulumi.runtime.MockResourceArgs,
  region: string,
): Record<string, unknown> {
  const inputs = withAutoName(args.type, args.name, args.inputs as Record<string, unknown>);
  const id = mockId(args);
  switch (args.type) {
    case "eks:index:Cluster":
      return eksClusterOutputs(inputs, region);
    case "eks:index:ManagedNodeGroup":
      return {
        ...inputs,
        nodeGroup: {
          nodeGroupName: args.name,
          arn: arn("eks", region, `nodegroup/${args.name}`),
          status: "ACTIVE",
          scalingConfig: inputs.scalingConfig,
        },
      };
    case "aws:acm/certificate:Certificate": {
      const domain = String(inputs.domainName ?? "example.com").replace(/^\*\./, "");
      return {
        ...inputs,
        arn: arn("acm", region, `certificate/${id}`),
        domainValidationOptions: [
          {
            domainName: inputs.domainName,
            resourceRecordName: `_0123456789abcdef.${domain}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_fedcba9876543210.acm-validations.aws.`,
          },
        ],
      };
    }
    case "aws:acm/certificateValidation:CertificateValidation":
      return { ...inputs };
    case "aws:route53/record:Record":
      return { ...inputs, fqdn: String(inputs.name ?? "").replace(/\.$/, "") };
    case "aws:iam/role:Role":
      return { ...inputs, arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${args.name}`, name: args.name };
    case "aws:sqs/queue:Queue": {
      const queue = String(inputs.name ?? args.name);
      return {
        ...inputs,
        arn: arn("sqs", region, queue),
        url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${queue}`,
      };
    }
    case "aws:kms/key:Key":
      return { ...inputs, arn: arn("kms", region, `key/${id}`), keyId: id };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { ...inputs, arn: arn("logs", region, `log-group:${String(inputs.name ?? args.name)}`) };
    case "aws:rds/instance:Instance": {
      const identifier = String(inputs.identifier ?? args.name);
      const address = `${identifier}.c0mock0db0id.${region}.rds.amazonaws.com`;
      return {
        ...inputs,
        address,
        endpoint: `${address}:${String(inputs.port ?? 3306)}`,
        arn: arn("rds", region, `db:${identifier}`),
      };
    }
    case "aws:elasticache/replicationGroup:ReplicationGroup": {
      const group = String(inputs.replicationGroupId ?? args.name);
      const [area = "eu", direction = "west", number = "1"] = region.split("-");
      const host = `${group}.mock0id.${area}${direction[0]}${number}.cache.amazonaws.com`;
      return {
        ...inputs,
        primaryEndpointAddress: `master.${host}`,
        readerEndpointAddress: `replica.${host}`,
        arn: arn("elasticache", region, `replicationgroup:${group}`),
      };
    }
    case "aws:ecr/repository:Repository": {
      const name = String(inputs.name ?? args.name);
      return {
        ...inputs,
        arn: arn("ecr", region, `repository/${name}`),
        registryId: MOCK_ACCOUNT,
        repositoryUrl: `${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${name}`,
      };
    }
    case "random:index/randomPassword:RandomPassword":
      // Recognisable, so tests can prove no generated secret ever reaches a plan.
      return {
        ...inputs,
        result: mockSecret(args.name, Number(inputs.length ?? 32)),
        bcryptHash: mockBcryptHash(args.name),
      };
    default:
      return {
        ...inputs,
        arn: arn(args.type.split(":")[1]?.split("/")[0] ?? "mock", region, `${args.type}/${id}`),
      };
  }
}

/** Answers of provider functions (data sources) the program calls. */
export function mockCallResult(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.token) {
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return { names: ["a", "b", "c", "d"].map((z) => `${region}${z}`), zoneIds: [], id: region };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT,
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`,
        userId: "MOCK",
        id: MOCK_ACCOUNT,
      };
    case "aws:eks/getAddonVersion:getAddonVersion":
      return {
        ...inputs,
        version: `v0.0.0-mock-${String(inputs.addonName)}-for-${String(inputs.kubernetesVersion)}`,
      };
    case "aws:secretsmanager/getSecretVersion:getSecretVersion": {
      // The platform's secrets hold JSON (the Redis AUTH secret: { host, port, token }).
      const secretId = String(inputs.secretId ?? "secret");
      return {
        ...inputs,
        arn: secretId,
        versionId: "mock-version",
        secretString: JSON.stringify({ host: "mock-host", port: 6379, token: mockSecret(secretId, 32) }),
      };
    }
    default:
      return { ...inputs };
  }
}
