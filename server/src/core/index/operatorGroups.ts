// Custom resources whose controllers may create Services the workspace does
// not show. An operator's resource (a PGAdmin of Crunchy's postgres operator,
// a Seldon Server, an OpenTelemetryCollector) makes Services of its own in its
// namespace, so a namespace holding one is never known to list all its
// Services. The API groups below are known not to: core Kubernetes, Istio and
// the Gateway API (modelled where they do create Services), and the common
// add-ons whose resources configure rather than run.

/** Groups (exact, or a suffix after a dot) whose resources create no Service. */
const SERVICE_FREE = [
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'k8s.io',
  'istio.io',
  'cert-manager.io',
  'monitoring.coreos.com',
  'external-secrets.io',
  'bitnami.com',
  'kustomize.config.k8s.io',
  'config.kubernetes.io',
  'fluxcd.io',
  'argoproj.io',
  'kyverno.io',
  'keda.sh',
  'openshift.io',
  'cilium.io',
  'projectcalico.org',
  'crd.projectcalico.org',
  'velero.io',
  'secrets-store.csi.x-k8s.io',
  'flagger.app',
  'knative.dev',
  'sailoperator.io',
  // Files of tools that are never applied to a cluster.
  'skaffold',
  'backstage.io',
  'kpt.dev',
  'getambassador.io',
  'traefik.io',
  'traefik.containo.us',
];

/**
 * Kinds of those groups whose controllers do run pods and create Services: prometheus-operator's servers
 * (a Prometheus makes its StatefulSet and the `prometheus-operated` Service), KEDA's ScaledJob and Argo
 * Workflows' workflows (pods from their templates), and the Knative Operator (operator.knative.dev: a
 * KnativeServing makes Knative's activator, webhooks and their Services).
 */
const RUNS_PODS: Record<string, string[] | '*'> = {
  'monitoring.coreos.com': ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler'],
  'keda.sh': ['ScaledJob'],
  'argoproj.io': ['Workflow', 'CronWorkflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate'],
  'operator.knative.dev': '*',
};

/** Could the controller of a resource of this API group and kind create Services (or pods) in its namespace? */
export function mayCreateServices(apiVersion: string, kind: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const runs = RUNS_PODS[group];
  if (runs === '*' || runs?.includes(kind)) return true;
  return !SERVICE_FREE.some((g) => group === g || (g !== '' && group.endsWith(`.${g}`)));
}
