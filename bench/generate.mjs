#!/usr/bin/env node
// Generates a realistic GitOps workspace of Istio and Kubernetes YAML, the
// same bytes for the same size and seed (a seeded PRNG, no Date, no Math.random).
//
//   node bench/generate.mjs [small|medium|large ...] [--clean] [--seed N] [--out DIR]
//
// Per namespace: Deployments (v1, sometimes v2) and Services, a DestinationRule
// with one subset per version, a VirtualService with several routes (header
// canary, cross-service and cross-namespace calls, weighted default), an
// ingress Gateway with TLS (its credential Secret in istio-system), public
// VirtualServices bound to it from other files, and egress bundles for
// external hosts (ServiceEntry, egress Gateway, DestinationRule subset on the
// egress gateway Service, VirtualService bound to the Gateway and `mesh`);
// every third namespace a Gateway API Gateway with HTTPRoutes, one of them to
// the next namespace's Service under its ReferenceGrant.
// Files mix multi-document and single-document layouts, with Kustomize files
// and a CI workflow as noise. Without --clean a known set of mistakes is
// planted; bench/workspaces/<size>/manifest.json lists each one with its file,
// line and expected diagnostic code, plus the positions the benchmark edits.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIZES = {
  small: { namespaces: 5, services: 10 },
  medium: { namespaces: 20, services: 25 },
  large: { namespaces: 50, services: 40 },
  // Five times large: for memory and warm start (run it on its own: `npm run bench -- huge`).
  huge: { namespaces: 250, services: 40 },
};

const TEAMS = `payments orders checkout catalog search inventory shipping billing identity accounts
  notifications messaging analytics reporting pricing promotions reviews ratings recommendations media
  uploads documents invoices ledger fraud risk compliance audit support tickets chat loyalty rewards
  subscriptions marketplace partners vendors logistics warehouse returns refunds tax currency geo maps
  routing dispatch fleet drivers riders onboarding profiles settings feeds timeline graph`.split(/\s+/).filter(Boolean);
const SERVICES = `api gateway-api auth session cart catalog product price stock order payment invoice
  receipt email sms push webhook scheduler worker indexer query search suggest profile avatar preference
  consent export import report metrics tracker ledger balance transfer quote rate review rating feed
  frontend backend admin`.split(/\s+/).filter(Boolean);
const VENDORS = `stripe twilio sendgrid github slack datadog pagerduty okta auth0 segment mixpanel algolia
  cloudinary mapbox zendesk intercom hubspot salesforce shopify paypal adyen braintree plaid onfido
  docusign dropbox box atlassian gitlab sentry`.split(/\s+/).filter(Boolean);

/** mulberry32: small, fast, good enough for reproducible test data. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** Builds the workspace in memory: { files: Map<relPath, text>, manifest }. */
export function generate(size, { seed = 7, clean = false } = {}) {
  const shape = SIZES[size];
  if (!shape) throw new Error(`unknown size "${size}" (small, medium, large, huge)`);
  const rnd = prng(seed * 1000 + shape.namespaces * 31 + shape.services);
  const files = new Map();
  const planted = [];
  const probes = { vsEdits: [], gatewayRenames: [], hovers: [], completions: [] };
  let documents = 0;
  let vendorCounter = 0;
  const grantsFor = new Map(); // namespace index -> namespaces whose HTTPRoutes reference its Services

  const add = (path, docs) => {
    const text = docs.map((d) => d.trimEnd() + '\n').join('---\n');
    documents += docs.length;
    if (files.has(path)) throw new Error(`duplicate file ${path}`);
    files.set(path, text);
  };
  /** Line (0-based) of the first line matching `needle` after `after` in `text`. */
  const lineOf = (text, needle, after = 0) => {
    const lines = text.split('\n');
    for (let i = after; i < lines.length; i++) if (lines[i].includes(needle)) return i;
    throw new Error(`"${needle}" not found`);
  };

  // The plan: which namespaces and services exist, decided before any YAML is written,
  // so cross-namespace routes only point at services that exist.
  const namespaces = [];
  for (let n = 0; n < shape.namespaces; n++) {
    const ns = TEAMS[n % TEAMS.length] + (n >= TEAMS.length ? `-${Math.floor(n / TEAMS.length) + 1}` : '');
    const names = SERVICES.slice();
    for (let i = names.length - 1; i > 0; i--) {
      const j = rnd.int(i + 1);
      [names[i], names[j]] = [names[j], names[i]];
    }
    const services = [];
    for (let s = 0; s < shape.services; s++) {
      const name = names[s % names.length] + (s >= names.length ? `-${Math.floor(s / names.length) + 1}` : '');
      services.push({
        name,
        ns,
        versions: rnd.chance(0.55) ? ['v1', 'v2'] : ['v1'],
        grpc: rnd.chance(0.3),
        layout: rnd.pick(['bundle', 'bundle', 'split', 'dir']),
        public: rnd.chance(0.3),
      });
    }
    namespaces.push({ ns, services, egress: [] });
  }
  const allServices = namespaces.flatMap((n) => n.services);
  // Planted mistakes: spread over namespaces, one kind after the other.
  const plantKinds = ['subset', 'gatewayTypo', 'wildcard', 'unknownField'];
  const plantCount = clean ? 0 : Math.max(plantKinds.length, Math.round(shape.namespaces * 0.8));
  const plants = new Map(); // "ns/index" -> kind
  for (let i = 0; i < plantCount; i++) {
    const n = (i * 7) % shape.namespaces;
    plants.set(`${n}/${Math.floor(i / shape.namespaces)}`, plantKinds[i % plantKinds.length]);
  }
  const plantFor = (n, kind) => {
    for (const [key, k] of plants) {
      if (k !== kind || !key.startsWith(`${n}/`)) continue;
      plants.delete(key);
      return true;
    }
    return false;
  };
  const plant = (path, text, needle, code, kind, after = 0) => {
    planted.push({ file: path, line: lineOf(text, needle, after), code, kind });
  };

  add('.github/workflows/deploy.yaml', [ciWorkflow()]);
  add('clusters/prod/istio-system/istio-operator.yaml', [istioOperator()]);
  add('clusters/prod/istio-system/kustomization.yaml', [kustomization(['istio-operator.yaml', 'certificates/'])]);

  namespaces.forEach((space, n) => {
    const { ns, services } = space;
    const base = `clusters/prod/${ns}`;
    const resources = [];
    add(`${base}/namespace.yaml`, [namespaceDoc(ns)]);
    resources.push('namespace.yaml');

    // Ingress gateway with TLS; its Secret lives where the gateway pods run.
    const gatewayName = `${ns}-gateway`;
    const wildcardPlant = plantFor(n, 'wildcard');
    const gwText = ingressGateway(ns, gatewayName, wildcardPlant);
    add(`${base}/gateway.yaml`, [gwText]);
    if (wildcardPlant) plant(`${base}/gateway.yaml`, gwText, `- *.${ns}.example.org`, 'ILS0101', 'wildcard');
    probes.gatewayRenames.push({ file: `${base}/gateway.yaml`, line: lineOf(gwText, `name: ${gatewayName}`), from: gatewayName, to: `${gatewayName}-renamed`, dependents: [] });
    add(`clusters/prod/istio-system/certificates/${ns}-wildcard-cert.yaml`, [tlsSecret(`${ns}-wildcard-cert`)]);
    resources.push('gateway.yaml');

    services.forEach((svc, s) => {
      const docs = {};
      docs.deployments = svc.versions.map((v) => deployment(svc, v, rnd));
      docs.service = serviceDoc(svc);
      docs.dr = destinationRule(svc, rnd);
      const subsetPlant = plantFor(n, 'subset');
      const fieldPlant = !subsetPlant && plantFor(n, 'unknownField');
      const peers = pickPeers(svc, services, allServices, rnd);
      docs.vs = virtualService(svc, peers, rnd, { subsetPlant, fieldPlant });
      const files = [];
      if (svc.layout === 'bundle') {
        files.push([`${base}/apps/${svc.name}.yaml`, [docs.service, ...docs.deployments, docs.dr, docs.vs]]);
      } else if (svc.layout === 'split') {
        files.push([`${base}/apps/${svc.name}/k8s.yaml`, [docs.service, ...docs.deployments]]);
        files.push([`${base}/apps/${svc.name}/istio.yaml`, [docs.dr, docs.vs]]);
      } else {
        files.push([`${base}/apps/${svc.name}/deployment.yaml`, docs.deployments]);
        files.push([`${base}/apps/${svc.name}/service.yaml`, [docs.service]]);
        files.push([`${base}/apps/${svc.name}/destination-rule.yaml`, [docs.dr]]);
        files.push([`${base}/apps/${svc.name}/virtual-service.yaml`, [docs.vs]]);
      }
      for (const [path, list] of files) {
        add(path, list);
        resources.push(path.slice(base.length + 1));
      }
      const vsPath = files.find(([, list]) => list.includes(docs.vs))[0];
      const vsFile = files.find(([p]) => p === vsPath)[1].map((d) => d.trimEnd() + '\n').join('---\n');
      const vsStart = lineOf(vsFile, `kind: VirtualService`);
      if (subsetPlant) plant(vsPath, vsFile, 'subset: v3', 'IST0101', 'subset', vsStart);
      if (fieldPlant) plant(vsPath, vsFile, 'retryOnn:', 'IST0106', 'unknownField', vsStart);
      if (!subsetPlant && !fieldPlant && probes.vsEdits.length < 200) {
        // The benchmark toggles `subset: v1` to `subset: v9` here: a one-line edit whose
        // diagnostics change each time, so every edit must be answered by a publish.
        const line = lineOf(vsFile, 'subset: v1', vsStart);
        probes.vsEdits.push({ file: vsPath, line, text: vsFile.split('\n')[line] });
        probes.hovers.push({ file: vsPath, line, character: vsFile.split('\n')[line].indexOf('subset') + 2, what: 'key subset' });
        const hostLine = lineOf(vsFile, 'host:', vsStart);
        probes.hovers.push({ file: vsPath, line: hostLine, character: vsFile.split('\n')[hostLine].indexOf('host') + 1, what: 'key host' });
        probes.completions.push({ file: vsPath, line, character: vsFile.split('\n')[line].length, what: 'subset value' });
        const gwLine = lineOf(vsFile, 'gateways:', vsStart) ;
        probes.completions.push({ file: vsPath, line: gwLine + 1, character: vsFile.split('\n')[gwLine + 1].length, what: 'gateways item' });
      }
      // Public VirtualServices live apart from the Gateway, in a routes/ folder.
      if (svc.public) {
        const typo = plantFor(n, 'gatewayTypo');
        const text = publicVirtualService(svc, typo ? `${ns}-gatway` : gatewayName);
        const path = `${base}/routes/${svc.name}-public.yaml`;
        add(path, [text]);
        resources.push(`routes/${svc.name}-public.yaml`);
        if (typo) plant(path, text, `- ${ns}-gatway`, 'IST0101', 'gatewayTypo');
        else probes.gatewayRenames[n].dependents.push(path);
      }
    });
    // Make sure every namespace has at least one public route bound to its gateway.
    if (probes.gatewayRenames[n].dependents.length === 0) {
      const svc = services[0];
      const text = publicVirtualService(svc, gatewayName);
      const path = `${base}/routes/${svc.name}-public.yaml`;
      add(path, [text]);
      resources.push(`routes/${svc.name}-public.yaml`);
      probes.gatewayRenames[n].dependents.push(path);
    }

    // Egress bundles: each namespace calls a few external APIs through the egress gateway.
    const bundles = 1 + rnd.int(3);
    for (let b = 0; b < bundles; b++) {
      const vendor = VENDORS[vendorCounter % VENDORS.length];
      const host = `api${vendorCounter >= VENDORS.length ? Math.floor(vendorCounter / VENDORS.length) : ''}.${vendor}.com`;
      vendorCounter++;
      const tls = rnd.chance(0.5);
      const name = `${vendor}${host.startsWith('api.') ? '' : host.slice(3, host.indexOf('.'))}`;
      add(`${base}/egress/${name}.yaml`, egressBundle(ns, name, host, tls));
      resources.push(`egress/${name}.yaml`);
    }
    // Every third namespace also takes traffic through the Kubernetes Gateway API
    // (istio.io's "Gateway API" tabs): a Gateway of class istio, HTTPRoutes to two
    // Services, and one route to the next namespace's Service under its ReferenceGrant.
    for (const from of grantsFor.get(n) ?? []) {
      add(`${base}/grants/from-${from}.yaml`, [referenceGrant(ns, from)]);
      resources.push(`grants/from-${from}.yaml`);
    }
    if (n % 3 === 1) {
      const next = namespaces[n + 1];
      if (next) grantsFor.set(n + 1, [...(grantsFor.get(n + 1) ?? []), ns]);
      add(`${base}/kube-gateway.yaml`, [kubeGateway(ns), ...services.slice(0, 2).map((svc, i) => httpRoute(svc, i === 0 ? next?.services[0] : undefined))]);
      resources.push('kube-gateway.yaml');
    }
    add(`${base}/kustomization.yaml`, [kustomization(resources)]);
  });

  for (const [kind] of plants) throw new Error(`planted mistake ${kind} could not be placed`);
  const expected = {};
  for (const p of planted) expected[p.code] = (expected[p.code] ?? 0) + 1;
  let bytes = 0;
  for (const t of files.values()) bytes += Buffer.byteLength(t);
  const manifest = { size, seed, clean, namespaces: shape.namespaces, servicesPerNamespace: shape.services, files: files.size, documents, bytes, planted, expected, probes };
  return { files, manifest };
}

function kubeGateway(ns) {
  return `# Gateway API entry for the ${ns} team: Istio deploys ${ns}-web-istio for it.
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: ${ns}-web
  namespace: ${ns}
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    hostname: "*.${ns}.example.net"
    port: 80
    protocol: HTTP
`;
}

/** A route to the Service, and for the first one a path to another namespace's Service (under its grant). */
function httpRoute(svc, partner) {
  const cross = partner ? `  - matches:
    - path: { type: PathPrefix, value: /partner }
    backendRefs:
    - name: ${partner.name}
      namespace: ${partner.ns}
      port: 80
` : '';
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${svc.name}
  namespace: ${svc.ns}
spec:
  parentRefs:
  - name: ${svc.ns}-web
  hostnames:
  - ${svc.name}.${svc.ns}.example.net
  rules:
${cross}  - backendRefs:
    - name: ${svc.name}
      port: 80
`;
}

function referenceGrant(ns, from) {
  return `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: httproutes-from-${from}
  namespace: ${ns}
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: ${from}
  to:
  - group: ""
    kind: Service
`;
}

function pickPeers(svc, siblings, all, rnd) {
  const local = siblings.filter((s) => s !== svc);
  const remote = all.filter((s) => s.ns !== svc.ns);
  return { local: local.length ? rnd.pick(local) : undefined, remote: remote.length && rnd.chance(0.6) ? rnd.pick(remote) : undefined };
}

const indent = (text, n) =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

function ciWorkflow() {
  return `# Not Kubernetes: istio-ls ignores it silently.
name: deploy
on:
  push:
    branches: [main]
jobs:
  apply:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: kubectl apply -k clusters/prod
`;
}

function istioOperator() {
  return `# Control plane: only registered hosts are reachable, external calls go through the egress gateway.
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: control-plane
  namespace: istio-system
spec:
  profile: default
  meshConfig:
    accessLogFile: /dev/stdout
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
    egressGateways:
    - name: istio-egressgateway
      enabled: true
`;
}

function kustomization(resources) {
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${resources.map((r) => `- ${r}`).join('\n')}
`;
}

function namespaceDoc(ns) {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    istio-injection: enabled
    team: ${ns}
`;
}

function tlsSecret(name) {
  return `# Placeholder: real certificates come from cert-manager, never from Git.
apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: istio-system
type: kubernetes.io/tls
data:
  tls.crt: RkFLRS1DRVJU
  tls.key: RkFLRS1LRVk=
`;
}

function ingressGateway(ns, name, wildcardPlant) {
  const extra = wildcardPlant ? `\n    - *.${ns}.example.org` : `\n    - "./*.${ns}.example.org"`;
  return `# Public entry for the ${ns} team: HTTP redirects to HTTPS, TLS terminated at the ingress gateway.
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    team: ${ns}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http-${ns}
      protocol: HTTP
    hosts:
    - "./*.${ns}.example.com"
    tls:
      httpsRedirect: true
  - port:
      number: 443
      name: https-${ns}
      protocol: HTTPS
    hosts:
    - "./*.${ns}.example.com"${extra}
    tls:
      mode: SIMPLE
      credentialName: ${ns}-wildcard-cert
`;
}

function deployment(svc, version, rnd) {
  const replicas = 1 + rnd.int(4);
  const cpu = 50 * (1 + rnd.int(8));
  const mem = 64 * (1 + rnd.int(8));
  const ports = [`        - name: http\n          containerPort: 8080`];
  if (svc.grpc) ports.push(`        - name: grpc\n          containerPort: 9090`);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${svc.name}-${version}
  namespace: ${svc.ns}
  labels:
    app: ${svc.name}
    version: ${version}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${svc.name}
      version: ${version}
  template:
    metadata:
      labels:
        app: ${svc.name}
        version: ${version}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "15020"
        sidecar.istio.io/proxyCPU: 100m
    spec:
      serviceAccountName: ${svc.name}
      containers:
      - name: ${svc.name}
        image: registry.example.com/${svc.ns}/${svc.name}:${version}.${rnd.int(20)}.${rnd.int(10)}
        imagePullPolicy: IfNotPresent
        ports:
${ports.join('\n')}
        env:
        - name: LOG_LEVEL
          value: ${rnd.pick(['info', 'debug', 'warn'])}
        - name: SERVICE_VERSION
          value: ${version}
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        readinessProbe:
          httpGet:
            path: /healthz/ready
            port: 8080
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /healthz/live
            port: 8080
          initialDelaySeconds: 10
        resources:
          requests:
            cpu: ${cpu}m
            memory: ${mem}Mi
          limits:
            memory: ${mem * 2}Mi
`;
}

function serviceDoc(svc) {
  const ports = [`  - name: http\n    port: 80\n    targetPort: 8080`];
  if (svc.grpc) ports.push(`  - name: grpc\n    port: 9090\n    targetPort: 9090`);
  return `apiVersion: v1
kind: Service
metadata:
  name: ${svc.name}
  namespace: ${svc.ns}
  labels:
    app: ${svc.name}
spec:
  selector:
    app: ${svc.name}
  ports:
${ports.join('\n')}
`;
}

function destinationRule(svc, rnd) {
  const policy = rnd.chance(0.5)
    ? `  trafficPolicy:
    connectionPool:
      http:
        http2MaxRequests: ${100 * (1 + rnd.int(10))}
        maxRequestsPerConnection: 10
    outlierDetection:
      consecutive5xxErrors: ${3 + rnd.int(5)}
      interval: 30s
      baseEjectionTime: 1m
`
    : `  trafficPolicy:
    loadBalancer:
      simple: ${rnd.pick(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM'])}
`;
  const subsets = svc.versions.map((v) => `  - name: ${v}\n    labels:\n      version: ${v}`).join('\n');
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${svc.name}
  namespace: ${svc.ns}
spec:
  host: ${svc.name}.${svc.ns}.svc.cluster.local
${policy}  subsets:
${subsets}
`;
}

function destination(target, from, subset) {
  const host = target.ns === from.ns ? target.name : `${target.name}.${target.ns}.svc.cluster.local`;
  const lines = [`host: ${host}`];
  if (subset) lines.push(`subset: ${subset}`);
  lines.push(`port:\n  number: 80`);
  return lines.join('\n');
}

function virtualService(svc, peers, rnd, { subsetPlant, fieldPlant }) {
  const routes = [];
  if (svc.versions.includes('v2')) {
    routes.push(`- name: canary-header
  match:
  - headers:
      x-canary:
        exact: "true"
  route:
  - destination:
${indent(destination(svc, svc, subsetPlant ? 'v3' : 'v2'), 6)}`);
  } else if (subsetPlant) {
    routes.push(`- name: preview
  match:
  - uri:
      prefix: /preview
  route:
  - destination:
${indent(destination(svc, svc, 'v3'), 6)}`);
  }
  if (peers.local) {
    routes.push(`- name: ${peers.local.name}-proxy
  match:
  - uri:
      prefix: /${peers.local.name}/
  rewrite:
    uri: /
  route:
  - destination:
${indent(destination(peers.local, svc), 6)}
  timeout: ${2 + rnd.int(8)}s`);
  }
  if (peers.remote) {
    routes.push(`- name: ${peers.remote.ns}-${peers.remote.name}
  match:
  - uri:
      prefix: /partners/${peers.remote.ns}/
  route:
  - destination:
${indent(destination(peers.remote, svc), 6)}`);
  }
  const weights = svc.versions.length === 2 ? [90, 10] : [100];
  const defaults = svc.versions.map((v, i) => `  - destination:\n${indent(destination(svc, svc, v), 6)}\n    weight: ${weights[i]}`).join('\n');
  routes.push(`- name: default
  route:
${defaults}
  retries:
    attempts: ${1 + rnd.int(3)}
    perTryTimeout: 2s
    ${fieldPlant ? 'retryOnn' : 'retryOn'}: 5xx,connect-failure`);
  return `# In-mesh routing for ${svc.name}.${svc.ns}.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${svc.name}
  namespace: ${svc.ns}
spec:
  hosts:
  - ${svc.name}
  gateways:
  - mesh
  http:
${indent(routes.join('\n'), 2)}
`;
}

function publicVirtualService(svc, gateway) {
  return `# ${svc.name} on the internet, through the ${svc.ns} ingress gateway.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${svc.name}-public
  namespace: ${svc.ns}
spec:
  hosts:
  - ${svc.name}.${svc.ns}.example.com
  gateways:
  - ${gateway}
  http:
  - match:
    - uri:
        prefix: /
    route:
    - destination:
        host: ${svc.name}
        subset: v1
        port:
          number: 80
`;
}

function egressBundle(ns, name, host, tls) {
  const se = `# ${host} through the egress gateway (the pattern of Istio's egress gateway task).
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - ${host}
  exportTo:
  - "."
  - istio-system
  location: MESH_EXTERNAL
  ports:
  - number: 80
    name: http
    protocol: HTTP
  - number: 443
    name: tls
    protocol: TLS
  resolution: DNS
`;
  const gw = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: egress-${name}
  namespace: ${ns}
spec:
  selector:
    istio: egressgateway
  servers:
  - port:
      number: ${tls ? 443 : 80}
      name: ${tls ? 'tls' : 'http'}-${name}
      protocol: ${tls ? 'TLS' : 'HTTP'}
    hosts:
    - ${host}${tls ? '\n    tls:\n      mode: PASSTHROUGH' : ''}
`;
  const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: egress-${name}
  namespace: ${ns}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  exportTo:
  - "."
  subsets:
  - name: ${name}
`;
  const port = tls ? 443 : 80;
  const leg = (gateway, h, subset) => `  - match:
    - gateways:
      - ${gateway}
      port: ${port}${tls ? `\n      sniHosts:\n      - ${host}` : ''}
    route:
    - destination:
        host: ${h}${subset ? `\n        subset: ${subset}` : ''}
        port:
          number: ${port}
      weight: 100`;
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: egress-${name}
  namespace: ${ns}
spec:
  hosts:
  - ${host}
  exportTo:
  - "."
  - istio-system
  gateways:
  - egress-${name}
  - mesh
  ${tls ? 'tls' : 'http'}:
${leg('mesh', 'istio-egressgateway.istio-system.svc.cluster.local', name)}
${leg(`egress-${name}`, host)}
`;
  return [se, gw, dr, vs];
}

export function writeWorkspace(dir, { files, manifest }) {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of files) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  // The manifest sits next to the workspace, not inside it, so it is never indexed.
  writeFileSync(dir + '.manifest.json', JSON.stringify(manifest, null, 1) + '\n');
}

export function workspaceDir(size, clean = false) {
  return join(dirname(fileURLToPath(import.meta.url)), 'workspaces', clean ? `${size}-clean` : size);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const clean = args.includes('--clean');
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 7;
  const outAt = args.indexOf('--out');
  const sizes = args.filter((a, i) => !a.startsWith('--') && (seedAt < 0 || i !== seedAt + 1) && (outAt < 0 || i !== outAt + 1));
  for (const size of sizes.length ? sizes : Object.keys(SIZES)) {
    const ws = generate(size, { seed, clean });
    const dir = outAt >= 0 ? args[outAt + 1] : workspaceDir(size, clean);
    writeWorkspace(dir, ws);
    const m = ws.manifest;
    console.log(`${dir}: ${m.files} files, ${m.documents} documents, ${(m.bytes / 1e6).toFixed(1)} MB, ${m.planted.length} planted mistakes ${JSON.stringify(m.expected)}`);
  }
}
