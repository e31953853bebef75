// PeerAuthentication: whether the selected workloads accept plaintext, mutual
// TLS, or both. Facts from istio/api security/v1beta1/peer_authentication.proto
// and istiod's validation (pkg/config/validation/validation.go).
import { PAGES, type FieldDoc, type MessageDoc } from '../types';
import { workloadSelector } from '../networking/common';

const page = PAGES.peerAuthentication;

const MODE: FieldDoc = {
  doc:
    'Whether the workload accepts plaintext, mutual TLS, or both. Moving to `STRICT` breaks every client that does not present an Istio certificate: workloads without a sidecar or ztunnel, and scrapers or health checkers that call the pod directly.',
  default: '`UNSET`: the parent policy\'s mode, and `PERMISSIVE` when no policy sets one',
  values: {
    UNSET: 'Take the mode of the parent policy: the namespace-wide policy for a workload policy, the mesh-wide policy (root namespace) for a namespace policy, and `PERMISSIVE` at the top.',
    DISABLE: 'Accept plaintext only: the proxy does not terminate mutual TLS, and clients with auto mTLS send plaintext. Identity-based authorization (principals, namespaces) then never matches.',
    PERMISSIVE: 'Accept both mutual TLS and plaintext on the same port, the usual setting while workloads are moved into the mesh. Plaintext requests carry no peer identity.',
    STRICT: 'Accept mutual TLS only: a client must present an Istio-issued certificate, and plaintext connections are reset.',
  },
  example: 'mtls:\n  mode: STRICT',
};

const MUTUAL_TLS: MessageDoc = {
  page,
  anchor: 'PeerAuthentication-MutualTLS',
  fields: { mode: MODE },
};

export const PEER_AUTHENTICATION: MessageDoc = {
  page,
  anchor: 'PeerAuthentication',
  fields: {
    selector: {
      ...workloadSelector(
        'The workloads (by pod labels) in the policy\'s namespace that this policy configures; in the root namespace (`istio-system` by default) it selects matching workloads in every namespace. ' +
          'Without it the policy is namespace-wide, or mesh-wide in the root namespace. A workload policy overrides the namespace policy, which overrides the mesh policy; of several policies at one level, the oldest wins.',
      ),
      default: 'every workload in the namespace (the mesh, in the root namespace)',
    },
    mtls: {
      doc: 'The mutual TLS mode for every port of the selected workloads, unless `portLevelMtls` overrides a port. Leaving it out inherits the mode of the parent policy.',
      default: 'inherited from the parent policy (`PERMISSIVE` at the top)',
      message: MUTUAL_TLS,
    },
    portLevelMtls: {
      doc:
        'A different mode for some ports, keyed by the **workload\'s** port number (the container port the Service\'s `targetPort` points at), not the Service port, so a key taken from the Service often changes nothing. ' +
        'It needs a `selector` with labels: a namespace-wide or mesh-wide policy with port settings is rejected (ILS0617), and so is an empty map.',
      format: 'map of port number (1–65535, as a key) to `{mode: ...}`',
      required: 'at least one entry when present',
      example: 'selector:\n  matchLabels:\n    app: reviews      # required with portLevelMtls\nmtls:\n  mode: STRICT\nportLevelMtls:\n  8080:               # container port, not the Service port\n    mode: PERMISSIVE',
      message: MUTUAL_TLS,
    },
  },
};
