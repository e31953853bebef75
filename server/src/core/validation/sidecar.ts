// What the validation webhook rejects in a Sidecar (validation.go
// ValidateSidecar, validateSidecarEgressPortBindAndCaptureMode,
// validateSidecarIngressPortAndBind, validateSidecarOutboundTrafficPolicy;
// agent/validation.go ValidateNamespaceSlashWildcardHostname).
// - ILS0609: an egress host without its `namespace/` part (`api.example.com`
//   instead of `*/api.example.com` or `./api.example.com`), a short name
//   after the slash, an invalid namespace part, a partial wildcard.
// - ILS0608: port numbers outside 1..65535, invalid port names, two
//   listeners on one port.
// - ILS0612: an empty Sidecar; egress listeners without hosts; a catch-all
//   listener (no port) that is not the last, or two of them; an ingress
//   listener without port; `targetPort`; an invalid defaultEndpoint; ingress
//   TLS on a non-TLS port or with unsupported settings; unknown protocols;
//   outboundTrafficPolicy egressProxy without ALLOW_ANY, or ALLOW_ANY_DYNAMIC_DNS;
//   connection pools (ingress `connectionPool`, `inboundConnectionPool`) as
//   for DestinationRules, their durations included (ILS0601).
// - IST0133 (webhook warning): HTTP pool settings on an ingress port that is
//   not HTTP: only the TCP settings apply.
import type { Findings } from './report';
import { listItems, listLength, number, one, present, stringList, text, type At } from './nodes';
import { isDnsLabel, isHttpProtocol, isIP, isTlsProtocol, knownProtocol, validPort, wildcardDomainProblem } from './names';
import { checkPool } from './destinationRule';
import { checkDurations, CONNECTION_POOL_DURATIONS } from './durations';

export function validateSidecar(f: Findings, spec: At): void {
  const egress = listItems(one(spec, 'egress'));
  const ingress = listItems(one(spec, 'ingress'));
  if (egress.length === 0 && ingress.length === 0 && !present(one(spec, 'outboundTrafficPolicy')) && !present(one(spec, 'inboundConnectionPool'))) {
    f.absent('ILS0612', spec, 'This Sidecar configures nothing (no egress, ingress, outboundTrafficPolicy or inboundConnectionPool); Istio rejects an empty Sidecar.', true);
    return;
  }
  const ingressPorts = new Set<number>();
  for (const listener of ingress) {
    if (!present(listener)) continue;
    const port = one(listener, 'port');
    if (!present(port)) {
      f.absent('ILS0612', listener, 'An ingress listener needs a port.');
      continue;
    }
    checkPort(f, port, true);
    const n = number(one(port, 'number'));
    if (n !== undefined) {
      if (ingressPorts.has(n)) f.value('ILS0608', one(port, 'number')!, `Port ${n} is used by another ingress listener; ports must be unique.`);
      ingressPorts.add(n);
    }
    checkBind(f, one(listener, 'bind'));
    checkDefaultEndpoint(f, one(listener, 'defaultEndpoint'));
    checkIngressTls(f, listener, text(one(port, 'protocol')) ?? '');
    const pool = one(listener, 'connectionPool');
    checkSidecarPool(f, pool);
    const protocol = text(one(port, 'protocol')) ?? '';
    const http = one(pool, 'http');
    if (present(http) && !isHttpProtocol(protocol)) {
      f.key('IST0133', http, `These HTTP pool settings do not apply: port ${n ?? ''} is ${protocol || 'not HTTP'} (only the tcp settings apply).`);
    }
  }
  checkSidecarPool(f, one(spec, 'inboundConnectionPool'));
  const egressPorts = new Set<number>();
  let catchAll = false;
  egress.forEach((listener, index) => {
    if (!present(listener)) return;
    const port = one(listener, 'port');
    if (!present(port)) {
      if (catchAll) f.absent('ILS0612', listener, 'Only one egress listener may have no port.');
      else if (index !== egress.length - 1) f.absent('ILS0612', listener, 'The egress listener without a port (the catch-all) must be the last one.');
      else catchAll = true;
    } else {
      checkPort(f, port, false);
      const n = number(one(port, 'number'));
      if (n !== undefined && n !== 0) {
        if (egressPorts.has(n)) f.value('ILS0608', one(port, 'number')!, `Port ${n} is used by another egress listener; ports must be unique.`);
        egressPorts.add(n);
      }
      const bind = text(one(listener, 'bind')) ?? '';
      if (n === 0 && !bind.startsWith('unix://')) f.value('ILS0608', one(port, 'number')!, 'Port 0 needs a unix:// bind address.');
      if (n !== 0) checkBind(f, one(listener, 'bind'));
    }
    const hostsAt = one(listener, 'hosts');
    if (listLength(hostsAt) === 0) f.absent('ILS0612', hostsAt ?? listener, 'An egress listener needs at least one host (e.g. "./*" and "istio-system/*").', !!hostsAt, listener);
    for (const h of stringList(hostsAt)) {
      const problem = egressHostProblem(h.value);
      if (problem) f.value('ILS0609', h.at, problem, { host: h.value, replacement: h.value.includes('/') ? undefined : `*/${h.value}` });
    }
  });
  const otp = one(spec, 'outboundTrafficPolicy');
  if (!present(otp)) return;
  const modeAt = one(otp, 'mode');
  const mode = text(modeAt) ?? 'REGISTRY_ONLY';
  const proxy = one(otp, 'egressProxy');
  if (modeAt && mode === 'ALLOW_ANY_DYNAMIC_DNS') f.value('ILS0612', modeAt, 'ALLOW_ANY_DYNAMIC_DNS can be set only in MeshConfig, not in a Sidecar.');
  else if (present(proxy) && mode !== 'ALLOW_ANY') f.key('ILS0612', proxy, 'egressProxy works only with mode ALLOW_ANY.');
}

function checkSidecarPool(f: Findings, pool: At | undefined): void {
  if (!present(pool)) return;
  checkPool(f, pool);
  checkDurations(f, pool, CONNECTION_POOL_DURATIONS);
}

/** `namespace/dnsName`: namespace `*`, `.`, `~ns` or a DNS label; dnsName `*`, a fully qualified name or `*.suffix`. */
export function egressHostProblem(host: string): string | undefined {
  const slash = host.indexOf('/');
  if (slash < 0) return `Sidecar egress hosts are written "namespace/host": write "*/${host}" (any namespace) or "./${host}" (this namespace).`;
  const ns = host.slice(0, slash);
  const name = host.slice(slash + 1);
  if (ns === '' || name === '') return `"${host}": the namespace and the host cannot be empty.`;
  const bare = ns.startsWith('~') ? ns.slice(1) : ns;
  if (bare !== '' && bare !== '*' && bare !== '.' && !isDnsLabel(bare)) return `"${ns}" is not a namespace name, "*" or ".".`;
  if (name !== '*' && !name.includes('.')) return `"${name}" is a short name: Sidecar egress hosts are fully qualified ("${name}.<namespace>.svc.cluster.local") or "*".`;
  const problem = wildcardDomainProblem(name);
  if (problem) return `Invalid host "${name}": it ${problem}.`;
  if (name.includes('*') && name !== '*' && !name.startsWith('*.')) return `"${name}": a wildcard must be "*" or start with "*.".`;
  return undefined;
}

function checkPort(f: Findings, port: At, ingress: boolean): void {
  const name = text(one(port, 'name'));
  if (name && !isDnsLabel(name)) f.value('ILS0608', one(port, 'name')!, `Invalid port name "${name}": a port name is a DNS label.`);
  const protocol = text(one(port, 'protocol'));
  if (protocol && !knownProtocol(protocol)) f.value('ILS0612', one(port, 'protocol')!, `Unknown protocol "${protocol}".`);
  const numberAt = one(port, 'number');
  const n = number(numberAt);
  if (numberAt && n !== undefined && (ingress || n !== 0) && !validPort(n)) f.value('ILS0608', numberAt, `Port ${n} is outside 1..65535.`);
  const target = one(port, 'targetPort');
  if ((number(target) ?? 0) > 0) f.key('ILS0612', target!, 'targetPort has no effect on a Sidecar and is rejected; remove it.');
}

function checkBind(f: Findings, bind: At | undefined): void {
  const b = text(bind);
  if (bind && b && !isIP(b)) f.value('ILS0612', bind, `bind "${b}" is not an IP address.`);
}

function checkDefaultEndpoint(f: Findings, at: At | undefined): void {
  const v = text(at);
  if (!at || !v || v.startsWith('unix://')) return;
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(v);
  const hostPart = m ? (m[1] ?? m[2]) : undefined;
  const port = m ? Number(m[3]) : NaN;
  if (!m || !['', '127.0.0.1', '0.0.0.0', '::1', '::'].includes(hostPart ?? 'x') || !validPort(port)) {
    f.value('ILS0612', at, `defaultEndpoint "${v}" must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port>, :<port> or unix://<path>.`);
  }
}

function checkIngressTls(f: Findings, listener: At, protocol: string): void {
  const tls = one(listener, 'tls');
  if (!present(tls)) return;
  for (const k of ['subjectAltNames', 'credentialName', 'credentialNames', 'tlsCertificates']) {
    const at = one(tls, k);
    if (present(at) && (text(at) || listLength(at) > 0)) f.key('ILS0612', at, `\`${k}\` is not supported in Sidecar ingress TLS.`);
  }
  if (one(tls, 'httpsRedirect') && text(one(tls, 'httpsRedirect')) === undefined && (one(tls, 'httpsRedirect')!.node as { value?: unknown }).value === true) {
    f.key('ILS0612', one(tls, 'httpsRedirect')!, 'httpsRedirect is not supported in Sidecar ingress TLS.');
  }
  const mode = text(one(tls, 'mode'));
  if (mode === 'ISTIO_MUTUAL' || mode === 'AUTO_PASSTHROUGH') f.value('ILS0612', one(tls, 'mode')!, `Mode ${mode} is not allowed in Sidecar ingress TLS.`);
  if (!isTlsProtocol(protocol)) f.key('ILS0612', tls, 'Ingress TLS needs an HTTPS or TLS port protocol.');
}
