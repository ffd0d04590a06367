import * as assert from 'node:assert/strict';
import { analyzeWorkspace } from '../../server/src/service/analysis/analyze-workspace';
import { AnalysisCache } from '../../server/src/service/analysis/incremental';
import { WorkspaceIndex } from '../../server/src/service/workspace/index';
import { service } from '../helpers/service';

const files: Record<string, string> = {
  'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v2}
`,
  'dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`,
  'deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec:
      containers: [{name: reviews, image: reviews:1}]
`,
};

const summary = (findings: ReturnType<typeof analyzeWorkspace>) =>
  findings.map((f) => `${f.code} ${f.resource.kind}/${f.resource.name} ${f.start}-${f.end}`).sort();

describe('incremental analysis', () => {
  it('re-runs only the analyzers that read the kinds an edit changed, with the same result as a full run', () => {
    const index = new WorkspaceIndex();
    const docs = new Map<string, ReturnType<ReturnType<typeof service>['parse']>>();
    for (const [name, text] of Object.entries(files)) {
      const doc = service().parse(`file:///inc/${name}`, 1, text);
      docs.set(name, doc);
      index.set(doc);
    }
    const cache = new AnalysisCache();
    const first = analyzeWorkspace(index, { cache });
    const total = cache.lastStats!.analyzersRun;
    assert.ok(
      first.some((f) => f.code === 'IST0101'),
      'missing subset v2 found',
    );

    // Nothing changed: nothing runs again.
    analyzeWorkspace(index, { cache });
    assert.equal(cache.lastStats!.analyzersRun, 0);

    // Edit the DestinationRule: only analyzers that read DestinationRules run.
    const edited = files['dr.yaml']!.replace(
      '  - name: v1',
      '  - name: v2\n    labels: {version: v2}\n  - name: v1',
    );
    index.set(service().parse('file:///inc/dr.yaml', 2, edited, docs.get('dr.yaml')));
    const second = analyzeWorkspace(index, { cache });
    const stats = cache.lastStats!;
    assert.deepEqual(stats.changedKinds, ['DestinationRule']);
    assert.ok(
      stats.analyzersRun > 0 && stats.analyzersRun < total,
      `${stats.analyzersRun} of ${total} re-ran`,
    );
    assert.ok(stats.analyzersReused > 0);
    assert.ok(!second.some((f) => f.code === 'IST0101' && f.resource.kind === 'VirtualService'));

    // Same findings as a full run from scratch.
    assert.deepEqual(summary(second), summary(analyzeWorkspace(index)));
  });

  it('keeps the findings of documents an edit only moved, at their new positions', () => {
    const index = new WorkspaceIndex();
    const text = `${files['dr.yaml']}---\n${files['vs.yaml']}`;
    const first = service().parse('file:///inc/both.yaml', 1, text);
    index.set(first);
    index.set(service().parse('file:///inc/deploy.yaml', 1, files['deploy.yaml']!));
    const cache = new AnalysisCache();
    const before = analyzeWorkspace(index, { cache }).find((f) => f.code === 'IST0101')!;
    // A comment line added to the DestinationRule moves the VirtualService below it.
    const edited = text.replace('spec:\n  host: reviews', 'spec:\n  # the reviews service\n  host: reviews');
    index.set(service().parse('file:///inc/both.yaml', 2, edited, first));
    const after = analyzeWorkspace(index, { cache });
    const moved = after.find((f) => f.code === 'IST0101')!;
    assert.equal(moved.start, before.start + '  # the reviews service\n'.length);
    assert.equal(edited.slice(moved.start, moved.end), 'v2');
    assert.deepEqual(summary(after), summary(analyzeWorkspace(index)));
  });
});
