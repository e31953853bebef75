// ILS0601 · durations. Istio reads a duration the way Go's time.ParseDuration
// does (`1h30m`, `500ms`, `2.5s`; units ns, us, µs, ms, s, m, h); the CRD's
// validation rule and the webhook (agent.ValidateDuration) then require at
// least 1ms and whole milliseconds. `timeout: 10sec`, `perTryTimeout: 2 s`
// or `timeout: 0s` make `kubectl apply` fail; the user sees
// "must be a valid duration greater than 1ms" from the API server.
import type { Findings } from './report';
import { fieldPath, listItems, one, text, type At } from './nodes';

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Nanoseconds, or a reason the text is not a Go duration. */
export function parseDuration(input: string): { ns: bigint } | { problem: string } {
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ns: 0n };
  if (s === '') return { problem: 'is empty' };
  if (/\s/.test(s)) return { problem: 'contains a space' };
  let total = 0n;
  const element = /^(\d*)(?:\.(\d*))?([^\d.]*)/;
  while (s !== '') {
    const m = element.exec(s)!;
    const [whole, int, frac = '', unit] = m;
    if (int === '' && frac === '') return { problem: 'has no number before its unit' };
    if (unit === '') return { problem: `has no unit after "${int}${m[2] !== undefined ? '.' + frac : ''}" (use ms, s, m or h)` };
    const factor = UNITS[unit];
    if (factor === undefined) return { problem: `has an unknown unit "${unit}" (use ns, us, ms, s, m or h)` };
    total += BigInt(int || '0') * factor;
    if (frac) total += (BigInt(frac) * factor) / 10n ** BigInt(frac.length);
    s = s.slice(whole.length);
  }
  return { ns: negative ? -total : total };
}

const WHOLE_UNITS = /^(\d+)(?:ms|s|m|h)$/;

/** The reason Istio rejects this duration, or undefined. `zeroAllowed`: under 1ms turns the setting off (TCP idleTimeout). */
export function durationProblem(value: string, zeroAllowed = false): string | undefined {
  // Most durations are a whole number of ms, s, m or h (`10s`): a multiple of 1ms unless it is zero.
  const plain = WHOLE_UNITS.exec(value);
  if (plain) return zeroAllowed || /[1-9]/.test(plain[1]) ? undefined : `"${value}" is shorter than the minimum of 1ms.`;
  const parsed = parseDuration(value);
  if ('problem' in parsed) return `"${value}" is not a duration: it ${parsed.problem}. Write it like 500ms, 10s, 1m or 1h30m.`;
  if (zeroAllowed && parsed.ns > -1_000_000n && parsed.ns < 1_000_000n) return undefined;
  if (parsed.ns < 1_000_000n) return `"${value}" is shorter than the minimum of 1ms.`;
  if (parsed.ns % 1_000_000n !== 0n) return `"${value}" is not a whole number of milliseconds; Istio supports millisecond precision only.`;
  return undefined;
}

/** Duration fields of a connection pool (DestinationRule traffic policies, Sidecar ingress). */
const CONNECTION_POOL = [
  'http.idleTimeout',
  'http.http2KeepAlive.interval',
  'http.http2KeepAlive.timeout',
  'tcp.connectTimeout',
  'tcp.maxConnectionDuration',
  'tcp.tcpKeepalive.time',
  'tcp.tcpKeepalive.interval',
];

/** Duration fields below a traffic policy (top level, per port, per subset). */
export const TRAFFIC_POLICY_DURATIONS = [
  ...CONNECTION_POOL.map((p) => `connectionPool.${p}`),
  'outlierDetection.baseEjectionTime',
  'outlierDetection.interval',
  'loadBalancer.warmup.duration',
];

export const VIRTUAL_SERVICE_DURATIONS = [
  'http.*.timeout',
  'http.*.retries.perTryTimeout',
  'http.*.retries.backoff',
  'http.*.fault.delay.fixedDelay',
  'http.*.fault.delay.exponentialDelay',
  'http.*.corsPolicy.maxAge',
];

export const CONNECTION_POOL_DURATIONS = CONNECTION_POOL;

/** Checks every duration at the given paths below `at`. */
export function checkDurations(f: Findings, at: At, paths: string[]): void {
  const plan = planOf(paths);
  // Each prefix is looked up once for all the paths under it (`connectionPool.http`, `http.*.retries`),
  // and nothing under a missing one: a traffic policy lists ten paths and usually sets one or two.
  const found: At[][] = new Array(plan.steps.length);
  for (let i = 0; i < plan.steps.length; i++) {
    const { parent, step } = plan.steps[i];
    const parents = parent < 0 ? [at] : found[parent];
    const out: At[] = [];
    for (const p of parents) {
      if (step === '*') for (const item of listItems(p)) out.push(item);
      else {
        const child = one(p, step);
        if (child) out.push(child);
      }
    }
    found[i] = out;
  }
  for (const leaf of plan.leaves) for (const d of found[leaf]) checkDuration(f, d);
  // `tcp.idleTimeout: 0s` turns the timeout off; any other value follows the rule.
  for (const leaf of plan.zeroAllowed) for (const d of found[leaf]) checkDuration(f, d, true);
}

/** The paths of a list as a tree of steps (parents first), and the step where each path ends, in the list's order. */
interface Plan {
  steps: { parent: number; step: string }[];
  leaves: number[];
  /** The `tcp.idleTimeout` beside each `tcp.connectTimeout`, where zero is allowed. */
  zeroAllowed: number[];
}

const plans = new WeakMap<string[], Plan>();
function planOf(paths: string[]): Plan {
  let plan = plans.get(paths);
  if (plan) return plan;
  const made: Plan = { steps: [], leaves: [], zeroAllowed: [] };
  const index = new Map<string, number>();
  const add = (path: string): number => {
    let at = -1;
    let prefix = '';
    for (const step of path.split('.')) {
      prefix = prefix ? `${prefix}.${step}` : step;
      let i = index.get(prefix);
      if (i === undefined) {
        i = made.steps.push({ parent: at, step }) - 1;
        index.set(prefix, i);
      }
      at = i;
    }
    return at;
  };
  for (const path of paths) made.leaves.push(add(path));
  for (const path of paths) if (path.endsWith('tcp.connectTimeout')) made.zeroAllowed.push(add(`${path.slice(0, -'connectTimeout'.length)}idleTimeout`));
  plans.set(paths, made);
  return made;
}

export function checkDuration(f: Findings, d: At, zeroAllowed = false): void {
  const value = text(d);
  if (value === undefined) return;
  const problem = durationProblem(value, zeroAllowed);
  if (problem) f.value('ILS0601', d, `Invalid duration for ${fieldPath(d.path)}: ${problem}`, { value });
}
