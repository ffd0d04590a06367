/** OpenAPI v3 index and per-group-version documents (enough for `kubectl apply`). */
import { RESOURCE_TYPES, type ResourceType } from './resources';

export function groupVersions(): string[] {
  const out: string[] = [];
  for (const t of RESOURCE_TYPES) {
    for (const v of t.versions) {
      const gv = t.group ? `apis/${t.group}/${v}` : `api/${v}`;
      if (!out.includes(gv)) out.push(gv);
    }
  }
  return out;
}

export function openapiIndex(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions()) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash(gv)}` };
  return { paths };
}

function hash(s: string): string {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

function schemaName(t: ResourceType, v: string): string {
  const g =
    t.group === ''
      ? 'io.k8s.api.core'
      : t.group === 'apps'
        ? 'io.k8s.api.apps'
        : t.group.split('.').reverse().join('.');
  return `${g}.${v}.${t.kind}`;
}

const param = (name: string, description: string) => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', uniqueItems: true },
});

const writeParams = [
  param('dryRun', 'When present, indicates that modifications should not be persisted.'),
  param(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  param(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects with unknown or duplicate fields.',
  ),
];

export function openapiDocument(gvPath: string): Record<string, unknown> | undefined {
  if (!groupVersions().includes(gvPath)) return undefined;
  const [, group, version] = gvPath.startsWith('api/') ? ['', '', gvPath.slice(4)] : gvPath.split('/');
  const schemas: Record<string, unknown> = {
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    },
  };
  const paths: Record<string, unknown> = {};
  for (const t of RESOURCE_TYPES) {
    if (t.group !== group || !t.versions.includes(version)) continue;
    const gvk = [{ group: t.group, version, kind: t.kind }];
    const name = schemaName(t, version);
    schemas[name] = {
      type: 'object',
      description: `${t.kind} (emulated)`,
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: {
          allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
        },
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
      'x-kubernetes-group-version-kind': gvk,
    };
    const prefix = gvPath === 'api/v1' ? '/api/v1' : `/apis/${group}/${version}`;
    const base = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.resource}` : `${prefix}/${t.resource}`;
    const ref = { $ref: `#/components/schemas/${name}` };
    const patchTypes = [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ];
    if (!t.custom && t.group !== 'apiextensions.k8s.io')
      patchTypes.push('application/strategic-merge-patch+json');
    const ok = { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } };
    paths[`${base}/{name}`] = {
      get: {
        operationId: `read${t.kind}`,
        responses: ok,
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': gvk[0],
      },
      put: {
        operationId: `replace${t.kind}`,
        responses: ok,
        parameters: writeParams,
        'x-kubernetes-action': 'put',
        'x-kubernetes-group-version-kind': gvk[0],
      },
      delete: {
        operationId: `delete${t.kind}`,
        responses: ok,
        'x-kubernetes-action': 'delete',
        'x-kubernetes-group-version-kind': gvk[0],
      },
      patch: {
        operationId: `patch${t.kind}`,
        requestBody: {
          content: Object.fromEntries(patchTypes.map((c) => [c, { schema: { type: 'object' } }])),
          required: true,
        },
        responses: ok,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk[0],
        parameters: writeParams,
      },
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
        ...(t.namespaced
          ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }]
          : []),
        param('pretty', "If 'true', then the output is pretty printed."),
      ],
    };
    paths[base] = {
      get: {
        operationId: `list${t.kind}`,
        responses: ok,
        'x-kubernetes-action': 'list',
        'x-kubernetes-group-version-kind': gvk[0],
      },
      post: {
        operationId: `create${t.kind}`,
        responses: ok,
        parameters: writeParams,
        'x-kubernetes-action': 'post',
        'x-kubernetes-group-version-kind': gvk[0],
      },
      parameters: [
        ...(t.namespaced
          ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }]
          : []),
      ],
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.33.0' },
    paths,
    components: { schemas },
  };
}
