/**
 * annotations.K8sAnalyzer — Istio annotations (`*istio.io/…`, and `kubernetes.io/ingress.class`) on the
 * metadata of Namespaces, Services, Pods and Deployments:
 * - IST0108 UnknownAnnotation: not in Istio's annotation catalog (a typo, or a removed annotation);
 * - IST0135 DeprecatedAnnotation: deprecated (`sidecar.istio.io/inject` is not reported when the
 *   `sidecar.istio.io/inject` label is also set);
 * - IST0107 MisplacedAnnotation: it belongs on another kind (e.g. a pod annotation on a Deployment's
 *   own metadata instead of its pod template);
 * - IST0125 InvalidAnnotation: a value the sidecar injector rejects (ports, CIDRs, integers, modes…).
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import { SIDECAR_INJECT, labelsOf } from '../../mesh/sidecar-injection';
import type { MeshResource } from '../../workspace/resource';
import { annotationValueProblem } from './annotation-values';
import { isIstioAnnotation, lookupAnnotation, type AnnotationFacts } from './catalog';
import { annotatedResources, annotationEntries } from './annotation-entries';

type Report = (finding: Finding) => void;

export const k8sAnalyzer: Analyzer = {
  name: 'annotations.K8sAnalyzer',
  analyze(ctx, report) {
    for (const resource of annotatedResources(ctx.index)) checkResource(resource, report);
  },
};

function checkResource(resource: MeshResource, report: Report): void {
  for (const [name, value] of annotationEntries(resource)) {
    if (!isIstioAnnotation(name)) continue;
    const path = ['metadata', 'annotations', name];
    const facts = lookupAnnotation(name);
    if (!facts) {
      report({
        message: 'UnknownAnnotation',
        resource,
        path,
        text: `Unknown Istio annotation ${name}: Istio does not read it (check the spelling; it may have been removed).`,
      });
      continue;
    }
    if (facts.deprecated && !(name === SIDECAR_INJECT && SIDECAR_INJECT in labelsOf(resource))) {
      report({ message: 'DeprecatedAnnotation', resource, path, text: deprecationText(facts) });
    }
    if (facts.resources.includes('Any')) continue;
    if (!facts.resources.includes(resource.kind)) {
      report({ message: 'MisplacedAnnotation', resource, path, text: misplacedText(resource, facts) });
      continue;
    }
    const problem = annotationValueProblem(name, value);
    if (problem) {
      report({
        message: 'InvalidAnnotation',
        resource,
        path,
        text: `Invalid value for annotation ${name}: ${problem}.`,
      });
    }
  }
}

function deprecationText(facts: AnnotationFacts): string {
  const replacement =
    facts.name === SIDECAR_INJECT ? ` in favor of the ${SIDECAR_INJECT} label (set the label instead)` : '';
  return `Annotation ${facts.name} is deprecated${replacement} and may be removed in a future Istio release.`;
}

function misplacedText(resource: MeshResource, facts: AnnotationFacts): string {
  const where = facts.resources.join(', ');
  const hint =
    resource.kind === 'Deployment' && facts.resources.includes('Pod')
      ? ' Move it to the pod template (spec.template.metadata.annotations).'
      : '';
  return `Annotation ${facts.name} has no effect on a ${resource.kind}: it applies to ${where}.${hint}`;
}
