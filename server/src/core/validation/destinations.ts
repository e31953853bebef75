// ILS0604 · route destinations and weights, and the destination checks shared
// by routes and mirrors (validation.go validateHTTPRouteDestinations,
// validateRouteDestinations, validateDestination, validateSubsetName,
// validatePortSelector). The webhook rejects a negative weight, several
// destinations whose weights add up to 0, a route entry without
// `destination`, a destination host `*` or an invalid host, a subset name
// that is not a DNS label and a port outside 1..65535.
import type { Findings } from './report';
import { fieldPath, listItems, number, one, present, text, type At } from './nodes';
import { isDnsLabel, validPort, wildcardDomainProblem } from './names';
import { checkHeaderOperations } from './headers';

export function checkRouteDestinations(f: Findings, route: At | undefined, http: boolean): void {
  const list = listItems(route);
  let total = 0;
  const weights: At[] = [];
  for (const item of list) {
    const destination = one(item, 'destination');
    if (!present(destination)) f.absent('ILS0604', item, `Route entry ${fieldPath(item.path)} has no destination; Istio rejects it.`);
    else checkDestination(f, destination);
    if (http) checkHeaderOperations(f, one(item, 'headers'));
    const weightAt = one(item, 'weight');
    const weight = number(weightAt);
    if (weightAt && weight !== undefined) {
      if (weight < 0) f.value('ILS0604', weightAt, `Weight ${weight} is negative; weights are 0 or more.`);
      total += weight;
      weights.push(weightAt);
    }
  }
  if (!route || list.length < 2 || total !== 0) return;
  if (weights.length === 0) {
    f.key('ILS0604', route, `The ${list.length} destinations of ${fieldPath(route.path)} have no weights: with several destinations Istio rejects a total weight of 0. Give them weights (e.g. 90 and 10).`);
  }
  for (const w of weights) f.value('ILS0604', w, `The weights of ${fieldPath(route.path)} add up to 0: Istio rejects a route whose destinations carry no traffic.`);
}

export function checkDestination(f: Findings, destination: At): void {
  const hostAt = one(destination, 'host');
  const host = text(hostAt);
  if (host !== undefined) {
    const problem = host === '*' ? 'a destination cannot be "*"' : wildcardDomainProblem(host);
    if (problem) f.value('ILS0604', hostAt!, `Invalid destination host "${host}": ${host === '*' ? problem : `it ${problem}`}.`);
  }
  const subsetAt = one(destination, 'subset');
  const subset = text(subsetAt);
  if (subset !== undefined && subset !== '' && !isDnsLabel(subset)) {
    f.value('ILS0604', subsetAt!, `Invalid subset name "${subset}": a subset name is a DNS label (letters, digits, inner dashes; at most 63 characters).`);
  }
  const portAt = one(destination, 'port.number');
  const port = number(portAt);
  if (port !== undefined && !validPort(port)) f.value('ILS0608', portAt!, `Port ${port} is outside 1..65535.`);
}
