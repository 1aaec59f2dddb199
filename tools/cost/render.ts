/** `npm run cost` output: the text tables and the `--json` document. */
import type { EnvironmentCost } from "../../lib/cost/environment";
import { cents, formatMoney, type Money } from "../../lib/cost/money";
import { DEFAULT_ALB_LCUS } from "../../lib/cost/platform";
import { figuresOf, HOURS_PER_MONTH, type PriceTable } from "../../lib/cost/prices";
import { awakeHoursPerMonth, describeAwake } from "../../lib/cost/schedule";
import type { LoadedPrices } from "./load";
import type { TierCost } from "./report";

/** What a cost run priced. */
export interface CostRun {
  readonly prices: LoadedPrices;
  readonly tiers: readonly TierCost[];
  /** Stacks that could not be planned, with why. */
  readonly problems: ReadonlyMap<string, readonly string[]>;
}

/** The assumptions every estimate rests on, printed under it. */
export function assumptions(table: PriceTable): string[] {
  return [
    `A month is ${HOURS_PER_MONTH} hours; prices are on-demand list prices in USD, without tax.`,
    "Game nodes: an environment pays for the share of a node its pods' requests take at their normal replicas (the larger of its CPU and memory over the room a node leaves after the kubelet's reservation, the eviction threshold, Karpenter's 7.5 % VM memory overhead and the log collector), at the node's price with its gp3 volumes, on the cheapest priced instance type the pool allows. Karpenter packs pods and removes emptied nodes, so requests are the basis; the slack of a partly filled node and the EKS add-ons' DaemonSets are not counted.",
    `Spot: ${"usd" in table.ec2.spotDiscount ? `on-demand less ${Math.round(table.ec2.spotDiscount.usd * 100)} %` : "priced at the on-demand rate because no spot discount is known: a ceiling for spot pools"}.`,
    "Sleep: while asleep an environment's Deployments and StatefulSets are at 0 replicas, so its node share is paid only while awake; its volumes are paid every hour. An environment follows its SleepInfo when its plan has one, else the tier's default: office hours (the tier's working hours) on dev and qa, always on for stage, until the registry's `sleep` key gives each environment its own.",
    `Shared ALB: one per IngressGroup, ${DEFAULT_ALB_LCUS} LCU on average (a ceiling for light developer traffic); public IPv4: every Elastic IP plus one per public subnet for each internet-facing ALB.`,
    "System nodes: each managed node group at its desired size on its first instance type, with its data volume as gp3; the log pipeline's part is its requests in system nodes' worth (the stack's logging.systemPoolNodes output).",
    "RDS: the instance and its allocated gp3 storage (storage autoscaling may add more); backup storage and Performance Insights are not estimated.",
    ...Object.values(table.notEstimated).map((text) => `Not estimated: ${text}`),
  ];
}

/** The prices the run needed and the table lacks, with why. */
export function unknownPrices(run: CostRun): Array<{ path: string; reason: string }> {
  const needed = new Set<string>();
  const add = (m: Money) => m.unknown.forEach((u) => needed.add(u));
  for (const tier of run.tiers) {
    if (tier.platform) add(tier.platform.total);
    for (const e of tier.environments) add(e.alwaysOn.total);
    if (tier.marginal) add(tier.marginal.alwaysOn.total);
  }
  const reasons = new Map(
    figuresOf(run.prices.table).flatMap(({ path, figure }) =>
      "unknown" in figure ? [[path, figure.unknown]] : [],
    ),
  );
  return [...needed].sort().map((path) => ({ path, reason: reasons.get(path) ?? "not in the table" }));
}

/** The text `npm run cost` prints. */
export function renderCostText(run: CostRun): string {
  const { table, file } = run.prices;
  const out: string[] = [
    `Monthly cost estimate: ${table.region} (${table.location}) prices taken ${table.taken}, from ${file}; ${HOURS_PER_MONTH} hours a month.`,
  ];
  for (const [stack, problems] of run.problems) out.push("", `${stack}: not priced: ${problems.join("; ")}`);
  for (const tier of run.tiers) {
    if (tier.platform) {
      out.push("", `${tier.platform.stack}: platform stack`);
      out.push(
        ...table3(
          ["Part", "Counted", "Monthly"],
          [
            ...tier.platform.lines.map((l) => [l.label, l.detail, formatMoney(l.monthly)]),
            ["Platform total", "", formatMoney(tier.platform.total)],
          ],
        ),
      );
      for (const note of tier.platform.notes) out.push(`  note: ${note}`);
    }
    if (tier.basisProblem) out.push("", `${tier.tier}: environments not priced: ${tier.basisProblem}`);
    if (tier.environments.length > 0) {
      out.push(
        "",
        `${tier.tier}: environments (always on, and on schedule; default schedule ${describeAwake(tier.defaultAwake)}, ${hours(awakeHoursPerMonth(tier.defaultAwake))} awake a month)`,
      );
      out.push(
        ...table3(
          ["Stack", "Requests", "Volumes", "Node share", "24/7", "Scheduled", "Schedule"],
          tier.environments.map((e) => [
            e.stack,
            requestsText(e),
            `${gib(e.footprint.volumes.reduce((s, v) => s + v.count * v.sizeGiB, 0))} GiB`,
            shareText(e),
            formatMoney(e.alwaysOn.total),
            formatMoney(e.scheduled.total),
            e.awake === "always" ? "always on" : `${hours(e.awakeHours)} awake`,
          ]),
        ),
      );
      const notes = [...new Set(tier.environments.flatMap((e) => e.notes))];
      for (const note of notes) out.push(`  note: ${note}`);
      out.push(
        "",
        `${tier.tier} total${tier.platform ? " (platform and environments)" : " (environments)"}: ${formatMoney(tier.totals.alwaysOn)} a month always on, ${formatMoney(tier.totals.scheduled)} on schedules.`,
      );
    }
    if (tier.marginal) out.push("", ...marginalText(tier.tier, tier.marginal, tier.platform?.total));
  }
  const unknown = unknownPrices(run);
  if (unknown.length > 0) {
    out.push(
      "",
      "Unknown prices, left out of every total above (npm run prices -- --region " +
        table.region +
        " fills them where the AWS Price List is reachable):",
    );
    for (const u of unknown) out.push(`  ${u.path}: ${u.reason}`);
  }
  const secondary = figuresOf(table).filter(
    (f) => "usd" in f.figure && f.figure.source.evidence === "secondary",
  );
  if (secondary.length > 0) {
    out.push(
      "",
      `† a total resting on a figure of secondary evidence; the table's secondary figures are ${secondary.map((s) => s.path).join(", ")} (each one's source is in ${file}).`,
    );
  }
  out.push("", "Assumptions:", ...assumptions(table).map((a) => `  - ${a}`));
  return out.join("\n");
}

/** The marginal environment and the base, as sentences. */
export function marginalText(tier: string, marginal: EnvironmentCost, base: Money | undefined): string[] {
  return [
    `One more ${tier} environment at the tier's defaults (${requestsText(marginal)}, ${gib(marginal.footprint.volumes.reduce((s, v) => s + v.count * v.sizeGiB, 0))} GiB of volumes): ` +
      `${formatMoney(marginal.alwaysOn.total)} a month always on, ${formatMoney(marginal.scheduled.total)} on ${describeAwake(marginal.awake)} (${hours(marginal.awakeHours)} awake).`,
    ...(base ? [`${tier} platform base (no environment): ${formatMoney(base)} a month.`] : []),
  ];
}

/** `--json`: the same content for machines; money as `{ usd, unknown, secondary }`, usd in cents precision. */
export function costJson(run: CostRun): unknown {
  const money = (m: Money) => ({ usd: cents(m.usd), unknown: m.unknown, secondary: m.secondary });
  const environment = (e: EnvironmentCost) => ({
    requests: {
      cpuMillicores: e.footprint.requests.cpuMillicores,
      memoryMiB: e.footprint.requests.memoryMiB,
    },
    pods: e.footprint.pods,
    volumesGiB: e.footprint.volumes.reduce((s, v) => s + v.count * v.sizeGiB, 0),
    instanceType: e.instanceType ?? null,
    nodes: Math.round(e.nodes * 10000) / 10000,
    schedule: describeAwake(e.awake),
    awakeHours: Math.round(e.awakeHours * 100) / 100,
    alwaysOn: {
      nodes: money(e.alwaysOn.nodes),
      volumes: money(e.alwaysOn.volumes),
      total: money(e.alwaysOn.total),
    },
    scheduled: {
      nodes: money(e.scheduled.nodes),
      volumes: money(e.scheduled.volumes),
      total: money(e.scheduled.total),
    },
    notes: e.notes,
  });
  return {
    region: run.prices.table.region,
    prices: { file: run.prices.file, taken: run.prices.table.taken },
    hoursPerMonth: HOURS_PER_MONTH,
    tiers: run.tiers.map((t) => ({
      tier: t.tier,
      defaultSchedule: describeAwake(t.defaultAwake),
      platform: t.platform
        ? {
            stack: t.platform.stack,
            parts: t.platform.lines.map((l) => ({
              id: l.id,
              label: l.label,
              detail: l.detail,
              monthly: money(l.monthly),
            })),
            total: money(t.platform.total),
            notes: t.platform.notes,
          }
        : null,
      environments: t.environments.map((e) => ({ stack: e.stack, name: e.name, ...environment(e) })),
      ...(t.basisProblem ? { environmentsNotPriced: t.basisProblem } : {}),
      totals: { alwaysOn: money(t.totals.alwaysOn), scheduled: money(t.totals.scheduled) },
      ...(t.marginal ? { marginalEnvironment: environment(t.marginal) } : {}),
    })),
    problems: Object.fromEntries(run.problems),
    unknownPrices: unknownPrices(run),
    assumptions: assumptions(run.prices.table),
  };
}

function requestsText(e: EnvironmentCost): string {
  return `${e.footprint.requests.cpuMillicores / 1000} CPU, ${gib(e.footprint.requests.memoryMiB / 1024)} GiB, ${e.footprint.pods} pods`;
}

function shareText(e: EnvironmentCost): string {
  return e.instanceType ? `${e.nodes.toFixed(3)} × ${e.instanceType}` : `${e.nodes.toFixed(3)} nodes`;
}

function gib(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function hours(value: number): string {
  return `${value.toFixed(1)} h`;
}

/** Left-aligned columns, the last right-aligned. */
function table3(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((c, i) => (i === cells.length - 1 && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")}`.trimEnd();
  return [line(head), ...rows.map(line)];
}
