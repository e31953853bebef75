// What the validation webhook rejects in a DestinationRule (validation.go
// ValidateDestinationRule, validateTrafficPolicy, validateOutlierDetection,
// validateConnectionPool, validateLoadBalancer, validateSubset,
// validatePortTrafficPolicies, validateExportTo; agent/validation.go ValidateTLS).
// - ILS0601: durations of connection pools, outlier detection, warmup;
// - ILS0607: outlierDetection maxEjectionPercent/minHealthPercent outside
//   0..100, warmup minimumPercent over 100;
// - ILS0608: a portLevelSettings port outside 1..65535;
// - ILS0612: an invalid host; a trafficPolicy, port policy or connection pool
//   that sets nothing; tunnel with proxyProtocol; negative pool limits;
//   consecutiveLocalOriginFailures without splitExternalLocalOriginErrors;
//   a consistent-hash cookie without a name; a maglev table size that is not a
//   prime under 5000011; localityLbSetting with zoneAwareLbSetting; client TLS
//   MUTUAL without clientCertificate/privateKey (and no credentialName), or
//   certificate files next to credentialName; subsets with the same name or an
//   invalid name; exportTo; a workloadSelector with an empty key or `*`.
import type { Findings } from './report';
import { entries, listItems, number, one, present, text, type At } from './nodes';
import { isDnsLabel, validPort, wildcardDomainProblem } from './names';
import { checkDurations, TRAFFIC_POLICY_DURATIONS } from './durations';
import { checkExportTo } from './exportTo';
import { checkLabels } from './labels';

export function validateDestinationRule(f: Findings, spec: At, namespace: string): void {
  const hostAt = one(spec, 'host');
  const host = text(hostAt);
  if (hostAt && host !== undefined) {
    const problem = wildcardDomainProblem(host);
    if (problem) f.value('ILS0612', hostAt, `Invalid host "${host}": it ${problem}.`);
  }
  checkTrafficPolicy(f, one(spec, 'trafficPolicy'));
  const names = new Set<string>();
  for (const subset of listItems(one(spec, 'subsets'))) {
    if (!present(subset)) continue;
    const nameAt = one(subset, 'name');
    const name = text(nameAt);
    if (nameAt && name !== undefined) {
      if (names.has(name)) f.value('ILS0612', nameAt, `Subset "${name}" is defined twice in this DestinationRule.`);
      else if (!isDnsLabel(name)) f.value('ILS0612', nameAt, `Invalid subset name "${name}": a subset name is a DNS label (letters, digits, inner dashes; no dots or underscores).`);
      names.add(name);
    }
    checkLabels(f, one(subset, 'labels'));
    checkTrafficPolicy(f, one(subset, 'trafficPolicy'));
  }
  const selector = one(spec, 'workloadSelector');
  checkExportTo(f, one(spec, 'exportTo'), namespace, false, present(selector));
  for (const e of entries(one(selector ?? { node: undefined, path: [] }, 'matchLabels'))) {
    if (e.key === '') f.at('ILS0612', e.keySpan, 'A workloadSelector label key cannot be empty.');
    const v = text(e.value) ?? '';
    if (e.key.includes('*') || v.includes('*')) f.at('ILS0612', e.keySpan, 'Wildcards are not supported in a workloadSelector.');
  }
}

const POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];
const PORT_POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'];

function checkTrafficPolicy(f: Findings, policy: At | undefined): void {
  if (!present(policy)) return;
  if (!POLICY_FIELDS.some((k) => present(one(policy, k)))) {
    f.absent('ILS0612', policy, 'This trafficPolicy sets nothing; Istio rejects an empty traffic policy. Remove it or add a setting.', true);
    return;
  }
  if (present(one(policy, 'tunnel')) && present(one(policy, 'proxyProtocol'))) {
    f.key('ILS0612', one(policy, 'proxyProtocol')!, 'tunnel and proxyProtocol cannot be set together.');
    return;
  }
  checkPolicyParts(f, policy);
  for (const pl of listItems(one(policy, 'portLevelSettings'))) {
    if (!present(pl)) continue;
    const portAt = one(pl, 'port.number');
    const n = number(portAt);
    if (portAt && n !== undefined && !validPort(n)) f.value('ILS0608', portAt, `Port ${n} is outside 1..65535.`);
    if (!PORT_POLICY_FIELDS.some((k) => present(one(pl, k)))) f.absent('ILS0612', pl, 'This port-level policy sets nothing; add outlierDetection, connectionPool, loadBalancer or tls.');
    else checkPolicyParts(f, pl);
  }
  checkDurations(f, policy, TRAFFIC_POLICY_DURATIONS);
  for (const pl of listItems(one(policy, 'portLevelSettings'))) checkDurations(f, pl, TRAFFIC_POLICY_DURATIONS);
}

function checkPolicyParts(f: Findings, policy: At): void {
  checkOutlier(f, one(policy, 'outlierDetection'));
  checkPool(f, one(policy, 'connectionPool'));
  checkLoadBalancer(f, one(policy, 'loadBalancer'));
  checkClientTls(f, one(policy, 'tls'));
}

function checkOutlier(f: Findings, o: At | undefined): void {
  if (!present(o)) return;
  const local = number(one(o, 'consecutiveLocalOriginFailures'));
  const split = (one(o, 'splitExternalLocalOriginErrors')?.node as { value?: unknown } | undefined)?.value === true;
  if ((local ?? 0) > 0 && !split) f.key('ILS0612', one(o, 'consecutiveLocalOriginFailures')!, 'consecutiveLocalOriginFailures needs splitExternalLocalOriginErrors: true.');
  for (const k of ['maxEjectionPercent', 'minHealthPercent']) {
    const at = one(o, k);
    const v = number(at);
    if (at && v !== undefined && (v < 0 || v > 100)) f.value('ILS0607', at, `${k} ${v} is outside 0..100.`);
  }
}

/** A connection pool (DestinationRule, Sidecar ingress and inboundConnectionPool): validation.go validateConnectionPool. */
export function checkPool(f: Findings, pool: At | undefined): void {
  if (!present(pool)) return;
  const http = one(pool, 'http');
  const tcp = one(pool, 'tcp');
  if (!present(http) && !present(tcp)) {
    f.absent('ILS0612', pool, 'A connectionPool needs http or tcp settings.', true);
    return;
  }
  for (const [part, keys] of [
    [http, ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams']],
    [tcp, ['maxConnections']],
  ] as const) {
    for (const k of keys) {
      const at = one(part ?? { node: undefined, path: [] }, k);
      const v = number(at);
      if (at && v !== undefined && v < 0) f.value('ILS0612', at, `${k} cannot be negative.`);
    }
  }
  if (present(http)) {
    const upgrade = text(one(http, 'h2UpgradePolicy')) === 'UPGRADE';
    const client = (one(http, 'useClientProtocol')?.node as { value?: unknown } | undefined)?.value === true;
    if (upgrade && client) f.key('ILS0612', one(http, 'useClientProtocol')!, 'useClientProtocol cannot be true with h2UpgradePolicy UPGRADE.');
    const ka = one(http, 'http2KeepAlive');
    if (present(ka)) {
      for (const k of ['interval', 'timeout']) if (!present(one(ka, k))) f.absent('ILS0612', ka, `http2KeepAlive needs \`${k}\`.`, true);
    }
  }
}

function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  for (let d = 3; d * d <= x; d += 2) if (x % d === 0) return false;
  return true;
}

function checkLoadBalancer(f: Findings, lb: At | undefined): void {
  if (!present(lb)) return;
  const hash = one(lb, 'consistentHash');
  if (present(hash)) {
    const cookie = one(hash, 'httpCookie');
    if (present(cookie) && !text(one(cookie, 'name'))) f.absent('ILS0612', cookie, 'A consistent-hash httpCookie needs a name.', true);
    const tableAt = one(hash, 'maglev.tableSize');
    const size = number(tableAt);
    if (tableAt && size !== undefined && (size === 0 || size >= 5000011 || !isPrime(size))) {
      f.value('ILS0612', tableAt, `maglev tableSize must be a prime number under 5000011 (e.g. 65537), not ${size}.`);
    }
  }
  if (present(one(lb, 'localityLbSetting')) && present(one(lb, 'zoneAwareLbSetting'))) f.key('ILS0612', one(lb, 'zoneAwareLbSetting')!, 'Only one of localityLbSetting and zoneAwareLbSetting can be set.');
  const warmup = one(lb, 'warmup');
  if (present(warmup)) {
    if (!present(one(warmup, 'duration'))) f.absent('ILS0612', warmup, 'warmup needs a duration.', true);
    const min = one(warmup, 'minimumPercent');
    const v = number(min);
    if (min && v !== undefined && v > 100) f.value('ILS0607', min, `minimumPercent ${v} is over 100.`);
    const aggr = one(warmup, 'aggression');
    const a = number(aggr);
    if (aggr && a !== undefined && a <= 0) f.value('ILS0612', aggr, 'warmup aggression must be greater than 0.');
  }
}

function checkClientTls(f: Findings, tls: At | undefined): void {
  if (!present(tls)) return;
  const mode = text(one(tls, 'mode'));
  const credential = text(one(tls, 'credentialName'));
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && credential) {
    for (const k of ['clientCertificate', 'caCertificates', 'privateKey', 'caCrl']) {
      if (text(one(tls, k))) f.key('ILS0612', one(tls, k)!, `\`${k}\` cannot be set with credentialName: the Secret holds the certificates.`);
    }
    return;
  }
  if (mode === 'MUTUAL') {
    const missing = ['clientCertificate', 'privateKey'].filter((k) => !text(one(tls, k)));
    if (missing.length > 0) {
      f.value('ILS0612', one(tls, 'mode')!, `MUTUAL TLS origination needs ${missing.map((k) => `\`${k}\``).join(' and ')}, or credentialName naming a Secret with the client certificate.`);
    }
  }
}
