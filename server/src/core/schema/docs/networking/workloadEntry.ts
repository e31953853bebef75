// WorkloadEntry (a VM or other non-Kubernetes workload), which is also the
// message of ServiceEntry `endpoints` and WorkloadGroup `template`, and
// WorkloadGroup. Facts from istio/api networking/v1alpha3/workload_entry.proto
// and workload_group.proto; the sentences are ours.
import { PAGES, type MessageDoc } from '../types';

export const WORKLOAD_ENTRY: MessageDoc = {
  page: PAGES.workloadEntry,
  anchor: 'WorkloadEntry',
  fields: {
    address: {
      doc: 'The endpoint\'s IP address, a fully qualified DNS name (only with `resolution: DNS` on the ServiceEntry), or a Unix socket `unix:///path`. Without it, `network` must be set, and traffic goes through that network\'s gateway.',
      format: 'IP address, FQDN without wildcards, or `unix:///absolute/path`',
      required: 'unless `network` is set',
    },
    ports: {
      doc: 'Maps a service port **name** to the port on this endpoint, when they differ. It wins over the service port\'s `targetPort`; without both, traffic keeps the service port number. Not for `unix://` addresses.',
      format: 'map of port name to port number',
      example: 'ports:\n  http: 8080   # service port named "http" goes to 8080 here',
    },
    labels: { doc: 'Labels of the endpoint, which Services, ServiceEntry `workloadSelector` and DestinationRule subsets select on, like pod labels.', format: 'map of label name to value' },
    network: {
      doc: 'The network (L3 domain) the endpoint is in; endpoints of another network are reached through that network\'s east-west gateway. A wrong value sends traffic to a gateway that cannot reach the endpoint.',
      required: 'when `address` is empty',
    },
    locality: { doc: 'The failure domain of the endpoint as `region/zone/subzone`, used by locality load balancing to prefer nearby endpoints.', format: '`region/zone/subzone`, `/`-separated' },
    weight: { doc: 'The endpoint\'s load-balancing weight relative to the other endpoints; higher weights get proportionally more traffic.', default: 'equal weights' },
    serviceAccount: {
      doc: 'The Kubernetes service account of the workload\'s sidecar, in the resource\'s namespace; it determines the identity peers see in mTLS and AuthorizationPolicy. A wrong value makes mTLS identity checks fail.',
      default: '`default` for WorkloadGroup templates',
    },
  },
};

const page = PAGES.workloadGroup;

const OBJECT_META: MessageDoc = {
  page,
  anchor: 'WorkloadGroup-ObjectMeta',
  fields: {
    labels: { doc: 'Labels copied onto every WorkloadEntry created from this group, which is how Services and ServiceEntries select the VMs.', format: 'map of label name to value' },
    annotations: { doc: 'Annotations copied onto every WorkloadEntry created from this group.', format: 'map of annotation name to value' },
  },
};

const HTTP_HEADER: MessageDoc = {
  page,
  anchor: 'HTTPHeader',
  fields: {
    name: { doc: 'The name of a header sent with the HTTP readiness request, such as `Host`.' },
    value: { doc: 'The value sent for that header, as is.' },
  },
};

const HTTP_GET: MessageDoc = {
  page,
  anchor: 'HTTPHealthCheckConfig',
  fields: {
    path: { doc: 'The path requested by the readiness check; a 2xx or 3xx status means ready.' },
    port: { doc: 'The port of the workload the check connects to.', required: true, range: '1–65535' },
    host: { doc: 'The host to connect to. Set a `Host` header in `httpHeaders` instead when the application checks names.', default: 'the workload\'s IP' },
    scheme: { doc: 'Whether the check uses `HTTP` or `HTTPS`.', default: '`HTTP`', format: '`HTTP` or `HTTPS`' },
    httpHeaders: { doc: 'Extra headers sent with the readiness request.', message: HTTP_HEADER },
  },
};

const TCP_SOCKET: MessageDoc = {
  page,
  anchor: 'TCPHealthCheckConfig',
  fields: {
    host: { doc: 'The host to connect to for the TCP check.', default: '`localhost`' },
    port: { doc: 'The port whose accepting of a TCP connection means the workload is ready.', required: true, range: '1–65535' },
  },
};

const EXEC: MessageDoc = {
  page,
  anchor: 'ExecHealthCheckConfig',
  fields: {
    command: { doc: 'The command, run on the VM by the Istio agent, whose exit status 0 means ready. It runs without a shell: write pipes and redirects as `[sh, -c, "…"]`.', required: true },
  },
};

const GRPC: MessageDoc = {
  page,
  anchor: 'GrpcHealthCheckConfig',
  fields: {
    port: { doc: 'The port of the gRPC health service on the workload.', range: '1–65535' },
    service: { doc: 'The service name passed to the gRPC health check (`grpc.health.v1`); empty asks about the server as a whole.' },
  },
};

const READINESS_PROBE: MessageDoc = {
  page,
  anchor: 'ReadinessProbe',
  fields: {
    initialDelaySeconds: { doc: 'Seconds to wait after the agent starts before the first check.', default: '`0`', range: '≥ 0' },
    timeoutSeconds: { doc: 'Seconds after which one check counts as failed.', default: '`1`', range: '≥ 1' },
    periodSeconds: { doc: 'How many seconds pass between two checks.', default: '`10`', range: '≥ 1' },
    successThreshold: { doc: 'Consecutive successes needed to be ready again after a failure.', default: '`1`', range: '≥ 1' },
    failureThreshold: { doc: 'Consecutive failures after which the workload is marked not ready and gets no traffic.', default: '`3`', range: '≥ 1' },
    httpGet: { doc: 'Checks readiness with an HTTP GET. Set exactly one of `httpGet`, `tcpSocket`, `exec` and `grpc`.', message: HTTP_GET },
    tcpSocket: { doc: 'Checks readiness by opening a TCP connection. Set exactly one of the check kinds.', message: TCP_SOCKET },
    exec: { doc: 'Checks readiness by running a command on the VM. Set exactly one of the check kinds.', message: EXEC },
    grpc: { doc: 'Checks readiness with the standard gRPC health service. Set exactly one of the check kinds.', message: GRPC },
  },
};

export const WORKLOAD_GROUP: MessageDoc = {
  page,
  anchor: 'WorkloadGroup',
  fields: {
    metadata: { doc: 'Labels and annotations given to every WorkloadEntry created for a VM of this group. Its `labels` are what Services and ServiceEntries select.', message: OBJECT_META },
    template: {
      doc: 'The WorkloadEntry from which each VM\'s entry is made when the VM registers; the address comes from the VM itself, so leave `address` out. Its `serviceAccount` sets the VMs\' identity.',
      required: true,
      message: WORKLOAD_ENTRY,
    },
    probe: { doc: 'How the Istio agent on the VM checks that the workload is ready; a VM that fails it is taken out of load balancing. It works like a Kubernetes readiness probe.', message: READINESS_PROBE },
  },
};
