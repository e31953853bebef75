// What WasmPlugin and its successor TrafficExtension share: the Wasm module
// (where to fetch it, how to verify and run it), the traffic selector, and
// the filter-chain phase. Facts from istio/api extensions/v1alpha1/wasm.proto
// and traffic_extension.proto, and istiod's validation
// (pkg/config/validation/validation.go).
import { PAGES, type FieldDoc, type MessageDoc } from '../types';

/** istio.type.v1beta1.PortSelector, documented on the workload selector page. */
const PORT_SELECTOR: MessageDoc = {
  page: PAGES.workloadSelector,
  anchor: 'PortSelector',
  fields: {
    number: {
      doc: 'The port to match: for outbound traffic the destination Service\'s port, for inbound traffic the port the application listens on in its pod. A port that no traffic uses leaves the extension idle.',
      required: true,
      range: '1–65535',
    },
  },
};

/** The traffic selector (WasmPlugin.TrafficSelector, or TrafficSelector of traffic_extension.proto). */
export function trafficSelector(page: string, anchor: string, since?: string): MessageDoc {
  return {
    page,
    anchor,
    fields: {
      mode: {
        doc: 'The direction of the traffic the extension sees, relative to the workload. On a gateway use `CLIENT` or `CLIENT_AND_SERVER`: its traffic is outbound, so `SERVER` never matches there.',
        default: '`CLIENT_AND_SERVER`',
        since,
        values: {
          UNDEFINED: 'Not set; read as `CLIENT_AND_SERVER`.',
          CLIENT: 'Traffic the workload sends (outbound), and all of a gateway\'s traffic.',
          SERVER: 'Traffic the workload receives (inbound).',
          CLIENT_AND_SERVER: 'Traffic in both directions.',
        },
      },
      ports: {
        doc: 'Destination ports the extension applies to; any one of them is enough. Left out, every port.',
        default: 'every port',
        since,
        message: PORT_SELECTOR,
      },
    },
  };
}

/** The filter-chain phase; `unspecified` is the enum's zero value, which differs between the two kinds. */
export function phase(what: string, unspecified: string): FieldDoc {
  return {
    doc: `Where in the proxy's filter chain the ${what} runs, relative to Istio's authentication, authorization and stats filters. An extension that checks or changes identity has to run before authorization to have any effect on it.`,
    default: `\`${unspecified}\`: near the end of the chain, just before routing`,
    values: {
      [unspecified]: 'istiod places the extension near the end of the filter chain, just before the router; right for extensions that do not depend on other filters.',
      AUTHN: 'Before Istio\'s authentication filters (mTLS and JWT checks).',
      AUTHZ: 'After authentication and before Istio\'s authorization filters.',
      STATS: 'After authorization and before Istio\'s stats filters.',
    },
  };
}

const ENV_VAR: MessageDoc = {
  page: PAGES.wasmPlugin,
  anchor: 'EnvVar',
  fields: {
    name: {
      doc: 'The variable\'s name inside the Wasm VM; with `valueFrom: HOST` also the name of the proxy\'s environment variable to copy. Names must be unique in the list.',
      required: true,
      format: 'a C identifier, at most 256 characters',
    },
    valueFrom: {
      doc: 'Where the value comes from: written here (`INLINE`) or copied from the proxy container\'s environment (`HOST`).',
      default: '`INLINE`',
      values: {
        INLINE: 'The value is the `value` field.',
        HOST: 'The value is the proxy container\'s environment variable of the same name; `value` must not be set. A variable the proxy lacks is skipped.',
      },
    },
    value: {
      doc: 'The value given to the VM. It is only allowed when `valueFrom` is `INLINE` (the default); istiod rejects it next to `HOST`.',
      default: '`""`',
      format: 'at most 2048 characters',
    },
  },
};

/**
 * The module's fields, in WasmPlugin's spec or TrafficExtension's `wasm`.
 * `since` carries the releases WasmPlugin gained them in; TrafficExtension had them all from its start.
 */
export function wasmModuleFields(what: string, since: { failStrategy?: string; vmConfig?: string; type?: string } = {}): Record<string, FieldDoc> {
  return {
    url: {
      doc:
        'Where to get the module: an OCI image (`oci://`, also assumed when the URL has no scheme), a `.wasm` file over `http://` or `https://`, or a file inside the proxy container (`file://`). ' +
        'An OCI image written with `https://` is fetched as a plain file and fails; a module that cannot be fetched fails the extension as `failStrategy` says.',
      required: true,
      format: 'a URL with scheme `oci`, `http`, `https` or `file`, or an image reference without scheme',
      example: 'url: oci://ghcr.io/acme/auth-plugin:1.2.0\n# url: https://storage.example.com/plugins/auth.wasm\n# url: file:///opt/filters/auth.wasm',
    },
    sha256: {
      doc: 'The module\'s expected SHA-256 checksum; a module that does not match is refused. When `url` pins an image digest (`@sha256:...`), the two must agree.',
      format: '64 lowercase hexadecimal characters',
    },
    imagePullPolicy: {
      doc: 'When the proxy fetches the module again instead of reusing its cached copy. It only matters when neither `url` nor `sha256` pins a digest.',
      default: '`IfNotPresent`, but `Always` for an OCI image tagged `latest`',
      values: {
        UNSPECIFIED_POLICY: 'Not set: `IfNotPresent`, or `Always` for an OCI image tagged `latest`.',
        IfNotPresent: 'Reuse a module fetched before; fetch only when there is none.',
        Always: `Fetch the module again whenever this ${what} changes, even if only its metadata does.`,
      },
    },
    imagePullSecret: {
      doc: `A Kubernetes Secret in the ${what}'s namespace holding Docker registry credentials for a private OCI registry. Without it, or with the wrong one, the pull fails and \`failStrategy\` decides what happens.`,
      format: 'a Secret name, 1–253 characters',
    },
    verificationKey: {
      doc: 'A public key meant for verifying signed modules. Istio keeps the field for the future but does not implement it, so it verifies nothing.',
      hidden: true,
    },
    pluginConfig: {
      doc: 'Configuration handed to the plugin as JSON when it starts; its shape is defined by the plugin. Istio does not check it, so a mistyped key is only noticed by the plugin.',
      format: 'any YAML object',
    },
    pluginName: {
      doc: 'The plugin name in the Envoy configuration (formerly the root id). Modules that contain several plugins use it to pick one; for others it can stay empty.',
      format: '1–256 characters',
    },
    failStrategy: {
      doc: 'What the proxy does when the plugin fails fatally: its module cannot be fetched, or it crashes or aborts at run time.',
      default: '`FAIL_CLOSE`',
      since: since.failStrategy,
      values: {
        FAIL_CLOSE: 'Reject the requests the plugin would have handled; a broken plugin stops traffic.',
        FAIL_OPEN: 'Skip the plugin and let traffic through as if it were absent. Not advisable for authentication or authorization plugins.',
        FAIL_RELOAD: 'Start a fresh plugin instance for the next request after a run-time error; other fatal errors are handled as `FAIL_CLOSE`. Added in Istio 1.27.',
      },
    },
    vmConfig: {
      doc: 'Settings of the Wasm virtual machine the plugin runs in; today its environment variables.',
      since: since.vmConfig,
      message: {
        page: PAGES.wasmPlugin,
        anchor: 'VmConfig',
        fields: {
          env: {
            doc: 'Environment variables for the VM, each written inline or copied from the proxy container. Names must be unique.',
            range: 'at most 256 variables',
            since: since.vmConfig,
            example: 'vmConfig:\n  env:\n  - name: POD_NAME\n    valueFrom: HOST     # copied from istio-proxy, no value\n  - name: MODE\n    value: strict',
            message: ENV_VAR,
          },
        },
      },
    },
    type: {
      doc: 'Whether the plugin is an HTTP filter or a network (TCP) filter. Pick the interface the module implements: an HTTP module loaded as a network filter (or the reverse) does not work.',
      default: '`HTTP`',
      since: since.type,
      values: {
        UNSPECIFIED_PLUGIN_TYPE: 'Not set: read as `HTTP`.',
        HTTP: 'An HTTP filter (layer 7): sees requests and responses with headers and bodies.',
        NETWORK: 'A network filter (layer 4): sees connections and bytes, on TCP and HTTP traffic alike.',
      },
    },
  };
}
