// What the validation webhook rejects in a VirtualService
// (pkg/config/validation/validation.go ValidateVirtualService, virtualservice.go
// validateHTTPRoute). `kubectl apply` fails with "admission webhook
// "validation.istio.io" denied the request" and the message of the first rule
// broken; istioctl analyze reports the same as IST0106. Here each rule is an
// error on the key or value at fault:
// - ILS0603: a `tls[].match[].sniHosts` entry not covered by `hosts`;
// - ILS0611: invalid `gateways` references, `./name` among them;
// - ILS0612: a delegate (no hosts) with gateways, tls or tcp; JWT claim routes
//   on a mesh-only VirtualService; invalid or overlapping hosts; no http, tcp
//   or tls; TLS routes without match or route; TCP routes without route;
//   invalid subnets, labels, exportTo;
// - and the route checks of httpRoute.ts, durations.ts, destinations.ts.
import type { Findings } from './report';
import { entries, fieldPath, listItems, listLength, one, present, select, stringList, type At } from './nodes';
import { checkHttpRoute, checkPort } from './httpRoute';
import { checkRouteDestinations } from './destinations';
import { checkGatewayNames } from './gatewayNames';
import { checkLabels } from './labels';
import { checkExportTo } from './exportTo';
import { checkDurations, VIRTUAL_SERVICE_DURATIONS } from './durations';
import { isJwtClaimRoute } from './headers';
import { isIP, subnetProblem, wildcardDomainProblem } from './names';
import { checkRouteOrder } from './routeOrder';
import { hasSubstitution } from '../hosts';

export function validateVirtualService(f: Findings, spec: At, namespace: string): void {
  const hostsAt = one(spec, 'hosts');
  const hosts = stringList(hostsAt);
  const gatewaysAt = one(spec, 'gateways');
  const gateways = stringList(gatewaysAt).map((g) => g.value);
  const delegate = listLength(hostsAt) === 0;
  if (delegate) {
    for (const k of ['gateways', 'tls', 'tcp']) {
      const at = one(spec, k);
      if (listLength(at) > 0) f.key('ILS0612', at!, `A VirtualService without hosts is a delegate, and a delegate cannot have \`${k}\`.`);
    }
  }
  checkGatewayNames(f, gatewaysAt);
  const toGateway = gateways.length > 0 && !gateways.includes('mesh');
  if (!toGateway) checkJwtClaimRoutes(f, spec);
  const sni = select(spec, 'tls.*.match.*.sniHosts.*').length > 0;
  let allValid = true;
  for (const h of hosts) {
    if (toGateway && sni && h.value.startsWith('outbound_')) continue; // AUTO_PASSTHROUGH names, checked loosely by Istio
    const problem = wildcardDomainProblem(h.value);
    if (problem && !isIP(h.value)) {
      f.value('ILS0612', h.at, `Invalid host "${h.value}": it ${problem}.`);
      allValid = false;
    } else if (!toGateway && h.value === '*') {
      allValid = false; // reported as ILS0202
    }
  }
  if (allValid) checkDuplicateHosts(f, hosts);
  if (!['http', 'tcp', 'tls'].some((k) => listLength(one(spec, k)) > 0)) {
    f.absent('ILS0612', hostsAt ?? spec, 'A VirtualService needs `http`, `tcp` or `tls` routes; Istio rejects one without any.', true, spec);
  }
  for (const route of listItems(one(spec, 'http'))) {
    if (present(route)) checkHttpRoute(f, route, delegate);
    else f.value('ILS0612', route, 'An http route cannot be empty.');
  }
  for (const route of listItems(one(spec, 'tls'))) checkTlsRoute(f, route, hosts.map((h) => h.value), toGateway);
  for (const route of listItems(one(spec, 'tcp'))) checkTcpRoute(f, route);
  checkExportTo(f, one(spec, 'exportTo'), namespace, false);
  checkDurations(f, spec, VIRTUAL_SERVICE_DURATIONS);
  checkRouteOrder(f, spec);
}

const CLAIM_HEADER_MAPS = ['http.*.match.*.headers', 'http.*.match.*.withoutHeaders'];

function checkJwtClaimRoutes(f: Findings, spec: At): void {
  for (const path of CLAIM_HEADER_MAPS) {
    for (const map of select(spec, path)) {
      for (const e of entries(map)) {
        if (isJwtClaimRoute(e.key)) f.at('ILS0612', e.keySpan, `JWT claim routing (${e.key}) works only on gateways: Istio rejects it in a VirtualService bound to the mesh. Bind the VirtualService to a Gateway.`);
      }
    }
  }
}

/** Istio's host.Name.Matches: equal, or one wildcard covers the other. */
function hostsOverlap(a: string, b: string): boolean {
  const wa = a.startsWith('*');
  const wb = b.startsWith('*');
  if (wa && wb) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (wa) return b.endsWith(a.slice(1));
  if (wb) return a.endsWith(b.slice(1));
  return a === b;
}

function checkDuplicateHosts(f: Findings, hosts: { value: string; at: At }[]): void {
  for (let j = 1; j < hosts.length; j++) {
    const earlier = hosts.slice(0, j).find((h) => hostsOverlap(h.value, hosts[j].value));
    if (earlier) f.value('ILS0612', hosts[j].at, `Host "${hosts[j].value}" overlaps "${earlier.value}" in the same VirtualService; Istio rejects duplicate hosts.`);
  }
}

/** Istio's host.Name.SubsetOf: every name the SNI host matches is matched by the VirtualService host. */
function sniCovered(sni: string, host: string): boolean {
  if (sni.startsWith('*')) return host.startsWith('*') && sni.length >= host.length && sni.slice(1).endsWith(host.slice(1));
  if (host.startsWith('*')) return sni.endsWith(host.slice(1));
  return sni === host;
}

function checkTlsRoute(f: Findings, route: At, hosts: string[], toGateway: boolean): void {
  if (!present(route)) return;
  const matches = listItems(one(route, 'match'));
  if (matches.length === 0) f.absent('ILS0612', route, `TLS route ${fieldPath(route.path)} needs at least one match with sniHosts.`);
  for (const match of matches) {
    const sniAt = one(match, 'sniHosts');
    const snis = stringList(sniAt);
    if (snis.length === 0) f.absent('ILS0612', match, 'A TLS match needs at least one SNI host (sniHosts).');
    for (const s of snis) {
      if (toGateway && s.value.startsWith('outbound_')) continue;
      const problem = wildcardDomainProblem(s.value);
      if (problem) {
        if (!isIP(s.value)) f.value('ILS0612', s.at, `Invalid SNI host "${s.value}": it ${problem}.`);
        continue;
      }
      if (!hosts.some((h) => sniCovered(s.value, h))) {
        f.value('ILS0603', s.at, `SNI host "${s.value}" is not among the VirtualService's hosts (${hosts.join(', ') || 'none'}); Istio rejects the VirtualService. Add it to hosts, or use a host that hosts cover.`, {
          sniHost: s.value,
        });
      }
    }
    checkL4Match(f, match);
  }
  if (listLength(one(route, 'route')) === 0) f.absent('ILS0612', one(route, 'route') ?? route, `TLS route ${fieldPath(route.path)} needs a \`route\`.`, false, route);
  checkRouteDestinations(f, one(route, 'route'), false);
}

function checkTcpRoute(f: Findings, route: At): void {
  if (!present(route)) return;
  for (const match of listItems(one(route, 'match'))) checkL4Match(f, match);
  if (listLength(one(route, 'route')) === 0) f.absent('ILS0612', one(route, 'route') ?? route, `TCP route ${fieldPath(route.path)} needs a \`route\`.`, false, route);
  checkRouteDestinations(f, one(route, 'route'), false);
}

function checkL4Match(f: Findings, match: At): void {
  for (const s of stringList(one(match, 'destinationSubnets'))) {
    // A subnet a script substitutes before apply (envsubst) is unknown here, as a ServiceEntry's addresses are.
    const problem = hasSubstitution(s.value) ? undefined : subnetProblem(s.value);
    if (problem) f.value('ILS0612', s.at, `Invalid destination subnet: ${problem}.`);
  }
  checkPort(f, one(match, 'port'));
  checkLabels(f, one(match, 'sourceLabels'));
  checkGatewayNames(f, one(match, 'gateways'));
}
