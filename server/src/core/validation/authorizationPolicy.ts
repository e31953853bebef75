// What the validation webhook rejects in an AuthorizationPolicy
// (validation.go ValidateAuthorizationPolicy; pkg/config/security), and one
// mistake it accepts that makes a rule never match
// (pilot/pkg/security/authz/model: principals are matched with `spiffe://`
// put in front, so a principal written with it never matches).
// - ILS0613: where the policy applies (policyTarget.ts).
// - ILS0614: DENY or CUSTOM without `rules` (never triggered: Istio rejects
//   it); CUSTOM without `provider.name`, or with identity fields (namespaces,
//   principals, service accounts, trust domains, request principals, the
//   matching `when` keys) that the external authorizer cannot see;
//   `provider` under another action; `from: []`, `to: []`, a `from` without
//   `source`, a `to` without `operation`, an empty source or operation;
//   serviceAccounts together with principals or namespaces; a `when` without
//   key or without values.
// - ILS0615: a value of the wrong form (IP/CIDR, port, service account, trust
//   domain, path template, empty string) or a `when` key Istio does not know.
// - ILS0701: a principal written with `spiffe://`: the rule never matches
//   (ALLOW then denies, DENY then lets the traffic in).
// - IST0133 (webhook warning): a DENY rule with only HTTP attributes denies
//   every connection to TCP ports in its scope.
import type { Findings } from './report';
import { listItems, one, present, stringList, text, type At } from './nodes';
import { checkPolicyTarget } from './policyTarget';
import { conditionProblem, ipProblem, pathTemplateProblem, portProblem, serviceAccountProblem, trustDomainProblem } from './authorizationValues';

const SOURCE_FIELDS = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains'];
// Source fields that also work on TCP traffic (everything but request principals).
const TCP_SOURCE_FIELDS = SOURCE_FIELDS.filter((k) => !k.toLowerCase().includes('requestprincipals') && !k.toLowerCase().includes('trustdomains'));
const OPERATION_FIELDS = ['ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];
const CUSTOM_UNSUPPORTED_SOURCE = ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains', 'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals'];
const CUSTOM_UNSUPPORTED_KEYS = ['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'];

/** ILS0701's payload: the principal without its prefix. */
export interface SpiffePrincipal {
  kind: 'spiffePrincipal';
  principal: string;
}

type Check = (v: string) => string | undefined;
const SOURCE_CHECKS: Record<string, Check> = {
  ipBlocks: ipProblem,
  notIpBlocks: ipProblem,
  remoteIpBlocks: ipProblem,
  notRemoteIpBlocks: ipProblem,
  serviceAccounts: serviceAccountProblem,
  notServiceAccounts: serviceAccountProblem,
  trustDomains: trustDomainProblem,
  notTrustDomains: trustDomainProblem,
};
const OPERATION_CHECKS: Record<string, Check> = { ports: portProblem, notPorts: portProblem, paths: pathTemplateProblem, notPaths: pathTemplateProblem };

export function validateAuthorizationPolicy(f: Findings, spec: At): void {
  checkPolicyTarget(f, spec);
  const actionAt = one(spec, 'action');
  const action = text(actionAt) ?? 'ALLOW';
  const rulesAt = one(spec, 'rules');
  const provider = one(spec, 'provider');
  const where = actionAt ?? spec;
  if (action === 'CUSTOM') {
    if (!present(rulesAt)) f.absent('ILS0614', where, 'A CUSTOM policy without rules is never triggered: add `rules: [{}]` to send every request to the provider.', !!actionAt);
    else if (!text(one(provider, 'name'))) f.absent('ILS0614', present(provider) ? provider : where, 'A CUSTOM policy needs provider.name: the extension provider (meshConfig.extensionProviders) that decides.', true);
  } else if (present(provider)) {
    f.key('ILS0614', provider, `provider is only for action CUSTOM; Istio rejects it with action ${action}.`);
  }
  if (action === 'DENY' && !present(rulesAt)) {
    f.absent('ILS0614', where, 'A DENY policy without rules is never triggered: add `rules: [{}]` to deny every request, or write the rules to deny.', !!actionAt);
  }
  listItems(rulesAt).forEach((rule, i) => checkRule(f, rule, i, action));
}

function checkRule(f: Findings, rule: At, i: number, action: string): void {
  if (!present(rule)) return;
  let fromExists = false;
  let toExists = false;
  let tcpFrom = false;
  let tcpTo = false;
  const fromAt = one(rule, 'from');
  if (present(fromAt) && listItems(fromAt).length === 0) f.key('ILS0614', fromAt, `rules[${i}].from is empty: remove it, or list sources.`);
  for (const from of listItems(fromAt)) {
    const source = one(from, 'source');
    if (!present(source)) {
      f.absent('ILS0614', from, `Each item of rules[${i}].from needs a source.`);
      continue;
    }
    fromExists = true;
    const set = SOURCE_FIELDS.filter((k) => present(one(source, k)));
    if (set.length === 0) f.absent('ILS0614', source, `rules[${i}].from.source is empty: it must name at least one principal, namespace, IP block or service account.`, true);
    const identity = set.filter((k) => ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].includes(k));
    const accounts = set.filter((k) => k === 'serviceAccounts' || k === 'notServiceAccounts');
    if (identity.length && accounts.length) {
      f.key('ILS0614', one(source, accounts[0])!, `${accounts[0]} cannot be combined with ${identity.join(', ')} in one source: Istio rejects the policy.`);
    }
    if (set.some((k) => TCP_SOURCE_FIELDS.includes(k))) tcpFrom = true;
    for (const key of set) {
      const values = stringList(one(source, key));
      if (key.endsWith('erviceAccounts') && values.length > 16) f.key('ILS0615', one(source, key)!, `${key} may hold at most 16 values.`);
      for (const v of values) {
        const problem = v.value === '' ? `An empty value in ${key} is not allowed.` : SOURCE_CHECKS[key]?.(v.value);
        if (problem) f.value('ILS0615', v.at, problem.endsWith('.') ? problem : `${problem}.`);
        else if (/rincipals$/.test(key) && !/equestPrincipals$/.test(key) && v.value.startsWith('spiffe://')) {
          f.value('ILS0701', v.at, `Write the principal without "spiffe://" ("${v.value.slice(9)}"): Istio adds it, so this rule never matches.`, { kind: 'spiffePrincipal', principal: v.value.slice(9) } satisfies SpiffePrincipal);
        }
      }
      if (action === 'CUSTOM' && CUSTOM_UNSUPPORTED_SOURCE.includes(key)) {
        f.key('ILS0614', one(source, key)!, `${key} cannot be used with action CUSTOM (the external authorizer does not see the peer's identity).`);
      }
    }
  }
  const toAt = one(rule, 'to');
  if (present(toAt) && listItems(toAt).length === 0) f.key('ILS0614', toAt, `rules[${i}].to is empty: remove it, or list operations.`);
  for (const to of listItems(toAt)) {
    const op = one(to, 'operation');
    if (!present(op)) {
      f.absent('ILS0614', to, `Each item of rules[${i}].to needs an operation.`);
      continue;
    }
    toExists = true;
    const set = OPERATION_FIELDS.filter((k) => present(one(op, k)));
    if (set.length === 0) f.absent('ILS0614', op, `rules[${i}].to.operation is empty: it must name at least one port, method, path or host.`, true);
    if (set.includes('ports') || set.includes('notPorts')) tcpTo = true;
    for (const key of set) {
      for (const v of stringList(one(op, key))) {
        const problem = v.value === '' ? `An empty value in ${key} is not allowed.` : OPERATION_CHECKS[key]?.(v.value);
        if (problem) f.value('ILS0615', v.at, problem.endsWith('.') ? problem : `${problem}.`);
      }
    }
  }
  for (const when of listItems(one(rule, 'when'))) {
    const keyAt = one(when, 'key');
    const key = text(keyAt) ?? '';
    if (!key) {
      f.absent('ILS0614', keyAt ?? when, 'A when condition needs a key.', !!keyAt, when);
      continue;
    }
    const values = stringList(one(when, 'values'));
    const notValues = stringList(one(when, 'notValues'));
    if (values.length === 0 && notValues.length === 0) {
      f.absent('ILS0614', keyAt!, `The condition on ${key} needs values or notValues.`, true, when);
      continue;
    }
    const empty = [...values, ...notValues].find((v) => v.value === '');
    const problem = empty ? `An empty value for ${key} is not allowed.` : conditionProblem(key, [...values, ...notValues].map((v) => v.value));
    if (problem) f.value('ILS0615', keyAt!, problem.endsWith('.') ? problem : `${problem}.`);
    if (action === 'CUSTOM' && (CUSTOM_UNSUPPORTED_KEYS.includes(key) || key.startsWith('request.auth.'))) {
      f.value('ILS0614', keyAt!, `${key} cannot be used with action CUSTOM (the external authorizer does not see it).`);
    }
  }
  if (action === 'DENY' && ((fromExists && !toExists && !tcpFrom) || (toExists && !tcpTo))) {
    f.absent('IST0133', one(rule, toExists ? 'to' : 'from')!, 'This DENY rule uses only HTTP attributes, so it denies every connection to TCP ports in its scope; add `ports` to the operation to limit it.', true);
  }
}

