/** Builders for tests of schemas pushed from the cluster's CRDs. */
import type { ClusterSchemas, OpenApiV3Schema } from '../../protocol/src/cluster-schemas';
import type { MeshLanguageService } from '../../server/src/service/language-service';

/** A cluster serving one kind at the given versions with the given spec schema. */
export function clusterOf(
  group: string,
  kind: string,
  spec: OpenApiV3Schema,
  versions: string[] = ['v1'],
): ClusterSchemas {
  return {
    context: 'kind-mesh',
    crds: [
      {
        group,
        kind,
        plural: `${kind.toLowerCase()}s`,
        versions: versions.map((name) => ({
          name,
          served: true,
          openAPIV3Schema: {
            type: 'object',
            properties: { spec, status: { type: 'object' } },
            required: ['spec'],
          },
        })),
      },
    ],
  };
}

/** The service's diagnostics of `text`, with the text each one covers. */
export function check(svc: MeshLanguageService, text: string) {
  const doc = svc.parse('file:///test.yaml', 1, text);
  return svc.validate(doc).map((d) => ({
    code: d.code,
    message: d.message,
    text: text.slice(doc.lines.offsetAt(d.range.start), doc.lines.offsetAt(d.range.end)),
  }));
}
