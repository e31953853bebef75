// What the validation webhook rejects in a ServiceEntry (validation.go
// ValidateServiceEntry, validateWorkloadEntry; the CRD's rules on resolution
// and endpoints). `kubectl apply` fails; istioctl analyze says IST0106.
// - ILS0610, resolution and endpoints: endpoints with `resolution: NONE` (the
//   default); more than one endpoint with DNS_ROUND_ROBIN; both
//   workloadSelector and endpoints; CIDR addresses unless NONE or STATIC; a
//   STATIC endpoint address that is not an IP or unix:// path; a DNS endpoint
//   address that is neither an IP nor a fully qualified name; an endpoint port
//   name the ServiceEntry does not declare; several hosts with a port that is
//   neither HTTP nor TLS unless resolution is NONE; DYNAMIC_DNS with a
//   non-wildcard host, addresses, endpoints or a port that is not HTTP, HTTP2,
//   GRPC or TLS. (A wildcard host with DNS and no endpoints is ILS0302.)
// - ILS0608, ports: two ports with one name or one number, a name that is not a
//   DNS label (a port name is required), a number or targetPort outside 1..65535.
// - ILS0612: no hosts, host `*` or an invalid host, an invalid address, an
//   unknown protocol, exportTo.
import type { Findings } from './report';
import { entries, listItems, listLength, number, one, present, stringList, text, type At } from './nodes';
import { fqdnProblem, isDnsLabel, isHttpProtocol, isIP, isTlsProtocol, knownProtocol, subnetProblem, validPort, wildcardDomainProblem } from './names';
import { checkExportTo } from './exportTo';
import { checkLabels } from './labels';
import { hasSubstitution } from '../hosts';

export function validateServiceEntry(f: Findings, spec: At, namespace: string): void {
  const resolutionAt = one(spec, 'resolution');
  const resolution = text(resolutionAt) ?? 'NONE';
  const where = resolutionAt ?? spec;
  const endpointsAt = one(spec, 'endpoints');
  const endpoints = listItems(endpointsAt);
  const selector = one(spec, 'workloadSelector');
  if (present(selector) && present(endpointsAt)) f.key('ILS0610', endpointsAt, 'A ServiceEntry has either workloadSelector or endpoints, not both.');

  const hostsAt = one(spec, 'hosts');
  const hosts = stringList(hostsAt);
  if (listLength(hostsAt) === 0) f.absent('ILS0612', hostsAt ?? spec, 'A ServiceEntry needs at least one host.', true, spec);
  for (const h of hosts) {
    const problem = h.value === '*' ? 'a ServiceEntry host cannot be "*"' : wildcardDomainProblem(h.value);
    if (problem) f.value('ILS0612', h.at, `Invalid host "${h.value}": ${h.value === '*' ? problem : `it ${problem}`}.`);
  }

  let cidr: At | undefined;
  for (const a of stringList(one(spec, 'addresses'))) {
    if (a.value.includes('/')) cidr ??= a.at;
    // A template's address (`${POD_IP}`) is substituted before it is applied.
    const problem = hasSubstitution(a.value) ? undefined : subnetProblem(a.value);
    if (problem) f.value('ILS0612', a.at, `Invalid address: ${problem}.`);
  }
  if (cidr && resolution !== 'NONE' && resolution !== 'STATIC') f.value('ILS0610', cidr, `CIDR addresses are allowed only with resolution NONE or STATIC, not ${resolution}.`);

  const ports = checkPorts(f, one(spec, 'ports'));
  const portNames = new Set(ports.map((p) => p.name ?? ''));

  switch (resolution) {
    case 'NONE':
      if (endpoints.length > 0) f.key('ILS0610', endpointsAt!, `Endpoints are not allowed with resolution ${text(resolutionAt) ? 'NONE' : 'NONE (the default)'}; use STATIC for IP endpoints or DNS for host names.`);
      break;
    case 'STATIC':
      for (const e of endpoints) checkEndpoint(f, e, portNames, false);
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) f.key('ILS0610', endpointsAt!, 'DNS_ROUND_ROBIN allows at most one endpoint; use DNS for several.');
      for (const e of endpoints) checkEndpoint(f, e, portNames, true);
      break;
    case 'DYNAMIC_DNS':
      for (const h of hosts) if (!h.value.startsWith('*')) f.value('ILS0610', h.at, `With resolution DYNAMIC_DNS every host must be a wildcard ("*.example.com").`);
      if (listLength(one(spec, 'addresses')) > 0) f.key('ILS0610', one(spec, 'addresses')!, 'addresses are not allowed with resolution DYNAMIC_DNS.');
      if (endpoints.length > 0) f.key('ILS0610', endpointsAt!, 'endpoints are not allowed with resolution DYNAMIC_DNS.');
      for (const p of ports) {
        const proto = (p.protocol ?? '').toUpperCase();
        if (!['HTTP', 'TLS', 'GRPC', 'HTTP2'].includes(proto)) f.value('ILS0610', p.protocolAt ?? p.at, 'Only HTTP, HTTP2, GRPC and TLS ports work with resolution DYNAMIC_DNS.');
      }
      break;
  }
  if (resolution !== 'NONE' && hosts.length > 1) {
    const plain = ports.find((p) => !(isHttpProtocol(p.protocol ?? '') || isTlsProtocol(p.protocol ?? '')));
    if (plain) {
      f.value('ILS0610', where, `Several hosts with resolution ${resolution} need HTTP or TLS ports (port ${plain.number ?? '?'} is ${plain.protocol ?? 'unset'}): for plain TCP the proxy cannot tell the hosts apart. Use one ServiceEntry per host, or resolution NONE.`);
    }
  }
  checkExportTo(f, one(spec, 'exportTo'), namespace, true);
}

interface Port {
  at: At;
  name?: string;
  number?: number;
  protocol?: string;
  protocolAt?: At;
}

function checkPorts(f: Findings, list: At | undefined): Port[] {
  const out: Port[] = [];
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const p of listItems(list)) {
    if (!present(p)) continue;
    const nameAt = one(p, 'name');
    const name = text(nameAt) ?? '';
    const numberAt = one(p, 'number');
    const n = number(numberAt);
    const protocolAt = one(p, 'protocol');
    const protocol = text(protocolAt);
    if (!isDnsLabel(name)) {
      // Left out, the schema's required field says so (IST0106): one finding for one mistake.
      if (nameAt) f.value('ILS0608', nameAt, `Invalid port name "${name}": a port name is a DNS label (letters, digits, inner dashes).`);
    } else if (names.has(name)) f.value('ILS0608', nameAt!, `Port name "${name}" is declared twice.`);
    names.add(name);
    if (numberAt && n !== undefined) {
      if (!validPort(n)) f.value('ILS0608', numberAt, `Port ${n} is outside 1..65535.`);
      else if (numbers.has(n)) f.value('ILS0608', numberAt, `Port ${n} is declared twice.`);
      numbers.add(n);
    }
    const target = one(p, 'targetPort');
    const t = number(target);
    if (target && t !== undefined && t !== 0 && !validPort(t)) f.value('ILS0608', target, `targetPort ${t} is outside 1..65535.`);
    if (protocolAt && protocol && !knownProtocol(protocol)) f.value('ILS0612', protocolAt, `Unknown protocol "${protocol}".`);
    out.push({ at: p, name, number: n, protocol, protocolAt });
  }
  return out;
}

function checkEndpoint(f: Findings, e: At, portNames: Set<string>, dns: boolean): void {
  if (!present(e)) return;
  const addrAt = one(e, 'address');
  const addr = text(addrAt) ?? '';
  if (addrAt && addr !== '' && !addr.startsWith('unix://') && !isIP(addr) && !hasSubstitution(addr)) {
    if (!dns) f.value('ILS0610', addrAt, `With resolution STATIC an endpoint address must be an IP address, not "${addr}"; use resolution DNS for host names.`);
    else if (fqdnProblem(addr)) f.value('ILS0610', addrAt, `Endpoint address "${addr}" is neither an IP address nor a fully qualified host name.`);
  }
  for (const p of entries(one(e, 'ports'))) {
    if (!portNames.has(p.key)) f.at('ILS0610', p.keySpan, `Endpoint port "${p.key}" is not a port name of this ServiceEntry (${[...portNames].join(', ') || 'none'}).`);
    const n = number(p.value);
    if (n !== undefined && !validPort(n)) f.value('ILS0608', p.value, `Port ${n} is outside 1..65535.`);
  }
  checkLabels(f, one(e, 'labels'));
}
