// What the validation webhook rejects in a Gateway (validation.go
// ValidateGateway, validateServer, validateServerPort, validateServerBind,
// validateTLSOptions). `kubectl apply` fails with the webhook's message;
// istioctl analyze reports it as IST0106. Here:
// - ILS0602: server TLS settings. SIMPLE needs `credentialName` (or
//   credentialNames) or both `serverCertificate` and `privateKey`; MUTUAL and
//   OPTIONAL_MUTUAL also need `caCertificates` unless a credential is named;
//   ISTIO_MUTUAL takes no certificate fields; only one certificate source;
//   `caCrl` not with credentialName nor with SIMPLE; an HTTPS or TLS port needs
//   `tls`, and a plain port takes none (HTTP allows only `httpsRedirect`).
// - ILS0608: a port number outside 1..65535, a missing port name, two servers
//   with the same port name.
// - ILS0612: no servers, a server without hosts, an invalid host, an unknown
//   protocol, `targetPort`, an invalid `bind` address.
import type { Findings } from './report';
import { fieldPath, listItems, listLength, number, one, present, stringList, text, type At } from './nodes';
import { hasSubstitution } from '../hosts';
import { isHttpProtocol, isIP, isTlsProtocol, knownProtocol, validPort, wildcardDomainProblem } from './names';

export function validateGateway(f: Findings, spec: At): void {
  const servers = listItems(one(spec, 'servers'));
  if (servers.length === 0) {
    const at = one(spec, 'servers');
    f.absent('ILS0612', at ?? spec, 'A Gateway needs at least one server.', true, spec);
  }
  const names = new Map<string, At>();
  for (const server of servers) {
    if (!present(server)) continue;
    checkServer(f, server);
    const nameAt = one(server, 'port.name');
    const name = text(nameAt);
    if (nameAt && name) {
      if (names.has(name)) f.value('ILS0608', nameAt, `Port name "${name}" is already used by another server of this Gateway; port names must be unique.`);
      else names.set(name, nameAt);
    }
  }
}

function checkServer(f: Findings, server: At): void {
  const hostsAt = one(server, 'hosts');
  if (listLength(hostsAt) === 0) f.absent('ILS0612', hostsAt ?? server, `Server ${fieldPath(server.path)} needs at least one host.`, !!hostsAt, server);
  for (const h of stringList(hostsAt)) {
    const problem = serverHostProblem(h.value);
    if (problem) f.value('ILS0612', h.at, `Invalid server host "${h.value}": ${problem}.`);
  }
  const port = one(server, 'port');
  const bind = text(one(server, 'bind')) ?? '';
  let portValid = present(port);
  if (!present(port)) f.absent('ILS0612', server, `Server ${fieldPath(server.path)} needs a port.`);
  else {
    const numberAt = one(port, 'number');
    const n = number(numberAt);
    if (numberAt && n !== undefined && (n > 0 || !bind.startsWith('unix://')) && !validPort(n)) {
      f.value('ILS0608', numberAt, `Port ${n} is outside 1..65535.`);
      portValid = false;
    }
    const protoAt = one(port, 'protocol');
    const proto = text(protoAt);
    if (protoAt && proto !== undefined && !knownProtocol(proto)) {
      f.value('ILS0612', protoAt, `Unknown protocol "${proto}": use HTTP, HTTPS, GRPC, HTTP2, MONGO, REDIS, MYSQL, TCP or TLS.`);
      portValid = false;
    }
    const target = one(port, 'targetPort');
    if ((number(target) ?? 0) > 0) {
      f.key('ILS0612', target!, 'targetPort has no effect on a Gateway and is rejected; remove it.');
      portValid = false;
    }
    const nameAt = one(port, 'name');
    if (!text(nameAt)) {
      // Left out, the schema's required field says so (IST0106): one finding for one mistake.
      if (nameAt) f.absent('ILS0608', nameAt, 'A Gateway server port needs a name.', true, port);
      portValid = false;
    }
  }
  const bindAt = one(server, 'bind');
  if (bindAt && bind !== '' && !bind.startsWith('unix://') && !isIP(bind)) f.value('ILS0612', bindAt, `bind "${bind}" is not an IP address (or unix:// path).`);
  checkTls(f, server, portValid ? text(one(server, 'port.protocol')) : undefined);
}

/** `ns/host` or a bare host; the host part a fully qualified name, `*`, `*.suffix` or an IP. */
function serverHostProblem(entry: string): string | undefined {
  // A deploy tool substitutes `${DOMAIN}` or `$(VAR)` before apply: what the webhook gets is unknown here.
  if (hasSubstitution(entry)) return undefined;
  const slash = entry.indexOf('/');
  let host = entry;
  if (slash >= 0) {
    const ns = entry.slice(0, slash);
    host = entry.slice(slash + 1);
    if (ns === '' || host === '') return 'the namespace and the host cannot be empty';
    if (ns !== '*' && ns !== '.' && !/^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(ns)) return `"${ns}" is not a namespace name, "*" or "."`;
  }
  if (host !== '*' && !host.includes('.')) return 'short names are not allowed here; write the fully qualified host';
  if (wildcardDomainProblem(host) && !isIP(host)) return `it ${wildcardDomainProblem(host)}`;
  if (host.includes('*') && host.length !== 1 && !host.startsWith('*.')) return 'a wildcard must be "*" or start with "*."';
  return undefined;
}

const CERT_FIELDS = ['serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'credentialName', 'credentialNames'];

function checkTls(f: Findings, server: At, protocol: string | undefined): void {
  const tls = one(server, 'tls');
  const hasTls = present(tls);
  if (protocol !== undefined) {
    if (isTlsProtocol(protocol) && !hasTls) {
      f.value('ILS0602', one(server, 'port.protocol')!, `A ${protocol.toUpperCase()} server needs \`tls\` settings (mode and certificate); Istio rejects it without them.`);
    } else if (!isTlsProtocol(protocol) && hasTls) {
      const certs = ['caCertificates', 'privateKey', 'serverCertificate'].some((k) => text(one(tls, k)));
      if (isHttpProtocol(protocol)) {
        // `tls: {httpsRedirect: true}` has the default mode, PASSTHROUGH, and no certificate: allowed.
        const mode = text(one(tls, 'mode')) ?? 'PASSTHROUGH';
        const passthrough = mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
        if (!passthrough || certs) f.key('ILS0602', tls, `A plain ${protocol.toUpperCase()} server cannot terminate TLS (only \`tls.httpsRedirect\` is allowed); use protocol HTTPS for this server.`);
      } else {
        f.key('ILS0602', tls, `A ${protocol.toUpperCase()} server cannot have TLS settings; use protocol TLS or HTTPS.`);
      }
    }
  }
  if (!hasTls) return;
  const mode = text(one(tls, 'mode')) ?? 'PASSTHROUGH';
  const set = (k: string): boolean => {
    const at = one(tls, k);
    return present(at) && (text(at) !== '' || listLength(at) > 0);
  };
  const modeAt = one(tls, 'mode') ?? tls;
  if (mode === 'ISTIO_MUTUAL') {
    for (const k of CERT_FIELDS) if (set(k)) f.key('ILS0602', one(tls, k)!, `ISTIO_MUTUAL uses Istio's own certificates: \`${k}\` is not allowed with it.`);
    return;
  }
  const sources = [set('serverCertificate') && set('privateKey'), set('credentialName'), set('credentialNames'), set('tlsCertificates')].filter(Boolean).length;
  // validateTLSOptions has checked this since Istio 1.27; before, a credentialName made it return early (old SDS-style servers kept certificate paths beside it).
  if (sources > 1) f.key('ILS0602', modeAt, 'Only one certificate source: credentialName, credentialNames, serverCertificate/privateKey or tlsCertificates.', undefined, { atLeast: '1.27' });
  const simpleOrMutual = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  const credential = set('credentialName') || set('credentialNames');
  if (simpleOrMutual && !credential) {
    const label = mode === 'SIMPLE' ? 'SIMPLE' : 'MUTUAL';
    if (mode !== 'SIMPLE' && !set('caCertificates')) {
      f.value('ILS0602', modeAt, `${mode} TLS needs the client CA: set \`credentialName\` (a Secret with ca.crt) or \`caCertificates\`.`);
    }
    const certs = listItems(one(tls, 'tlsCertificates'));
    const pairs = certs.length > 0 ? certs : [tls];
    for (const c of pairs) {
      const missing = ['serverCertificate', 'privateKey'].filter((k) => !text(one(c, k)));
      if (missing.length > 0) {
        f.value('ILS0602', c === tls ? modeAt : c, `${label} TLS needs a certificate: set \`credentialName\` to the Secret that holds it, or ${missing.map((m) => `\`${m}\``).join(' and ')}.`);
      }
    }
  }
  const crl = one(tls, 'caCrl');
  if (present(crl) && text(crl)) {
    if (set('credentialName')) f.key('ILS0602', crl, 'caCrl cannot be combined with credentialName: put the CRL in the credential Secret.');
    if (mode === 'SIMPLE') f.key('ILS0602', crl, 'caCrl is not supported with SIMPLE TLS (there are no client certificates to check).');
  }
}
