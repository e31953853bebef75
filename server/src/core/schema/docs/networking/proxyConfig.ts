// ProxyConfig: settings of the Istio proxy itself, per workload, namespace or
// mesh. Facts from istio/api networking/v1beta1/proxy_config.proto.
import { PAGES, type MessageDoc } from '../types';
import { WORKLOAD_SELECTOR } from './common';

const page = PAGES.proxyConfig;

const PROXY_IMAGE: MessageDoc = {
  page,
  anchor: 'ProxyImage',
  fields: {
    imageType: {
      doc: 'Which variant of the proxy image to run: `default`, `debug` (with shell tools) or `distroless` (smallest, no shell). Another value only works if that image tag exists in your registry; otherwise the pod fails to pull its image.',
      default: 'the mesh\'s image type, normally `default`',
      format: '`default`, `debug`, `distroless`, or a suffix published in your hub',
    },
  },
};

export const PROXY_CONFIG: MessageDoc = {
  page,
  anchor: 'ProxyConfig',
  fields: {
    selector: {
      doc: 'The workloads of this namespace the settings apply to. Without it, every workload of the namespace, or of the mesh when the ProxyConfig is in the root namespace. Changes take effect when the pods restart.',
      message: WORKLOAD_SELECTOR,
    },
    concurrency: {
      doc: 'How many worker threads the proxy runs. `0` uses every core of the node, which wastes memory and CPU on large nodes; unset derives it from the container\'s CPU limit.',
      default: 'derived from the proxy container\'s CPU limit',
      range: '≥ 0',
    },
    environmentVariables: {
      doc: 'Extra environment variables for the proxy container. Names starting with `ISTIO_META_` are also sent to istiod as node metadata, which EnvoyFilter `proxy.metadata` matches can use.',
      format: 'map of variable name to value',
      example: 'environmentVariables:\n  ISTIO_META_IDLE_TIMEOUT: 100s',
    },
    image: { doc: 'Which proxy image variant the workloads run, applied when the pods are next injected.', message: PROXY_IMAGE },
  },
};
