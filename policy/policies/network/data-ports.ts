// V4 as a stack policy: "beyond the VPC" needs the VPC's CIDR, which lives on the Vpc resource. Rules
// that reference security groups stay inside the VPC by construction; CIDR sources on a database or
// cache port must lie within a VPC CIDR of the stack (or, when no VPC CIDR is known, within
// `fallbackCidrs`). World-open sources are left to V3, which reports them already.
import { cidrContains, isIpv6, isWorldOpen, RFC1918_RANGES } from "../../../lib/cidr";
import { stringListSchema } from "../../lib/config-schemas";
import { stackPolicy } from "../../lib/define-policy";
import { Vpc } from "../../lib/resource-types";
import { coversPort, describeRule, rulesOf } from "../../lib/security-group-rules";
import { readKnown, resourcesOfType } from "../../lib/stack-resources";

const defaultDataPorts = [3306, 5432, 6379, 11211, 1433, 1521, 27017, 8091, 9200];

/** V4: database and cache ports are reachable only from inside the VPC. */
export const sgDataPortsWithinVpc = stackPolicy(
  {
    name: "sg-data-ports-within-vpc",
    catalogueId: "V4",
    check: "Database and cache ports are never open to CIDRs beyond the VPC.",
    enforcementLevel: "mandatory",
    config: {
      dataPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: defaultDataPorts,
        description:
          "Ports of databases and caches (MySQL, PostgreSQL, Redis, Memcached, Couchbase, OpenSearch, ...).",
      },
      fallbackCidrs: stringListSchema(
        "Trusted ranges used when no VPC CIDR is known in the stack.",
        RFC1918_RANGES,
      ),
    },
  },
  (args, report) => {
    const { dataPorts = defaultDataPorts, fallbackCidrs = [...RFC1918_RANGES] } = args.getConfig<{
      dataPorts?: number[];
      fallbackCidrs?: string[];
    }>();
    const vpcCidrs = resourcesOfType(args.resources, Vpc).flatMap((vpc) => {
      const cidr = readKnown(() => vpc.props.cidrBlock as unknown);
      return typeof cidr === "string" ? [cidr] : [];
    });
    const trusted = vpcCidrs.length > 0 ? vpcCidrs : fallbackCidrs;
    const inside = (cidr: string) => !isIpv6(cidr) && trusted.some((t) => cidrContains(t, cidr));
    for (const resource of args.resources) {
      const rules = readKnown(() => rulesOf(resource)) ?? [];
      for (const rule of rules.filter((r) => r.direction === "ingress")) {
        const ports = dataPorts.filter((p) => coversPort(rule, p));
        const outside = rule.cidrs.filter((c) => !isWorldOpen(c) && !inside(c));
        if (ports.length > 0 && outside.length > 0) {
          report(
            `${describeRule(rule)} admits ${outside.join(", ")} to data port(s) ${ports.join(", ")}, ` +
              `outside ${trusted.join(", ")}`,
            resource.urn,
          );
        }
      }
    }
  },
);
