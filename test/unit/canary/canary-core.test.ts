import * as assert from 'node:assert/strict';
import { runAutomated, type AutoRunDeps, type Decision } from '../../../client/src/canary/auto-run';
import {
  CANARY_ANNOTATION,
  destinationKey,
  detectCanaries,
  fullHost,
  sameDestinationKey,
} from '../../../client/src/canary/detect';
import { applyEdits, canaryDocuments, weightEdits } from '../../../client/src/canary/file-edit';
import {
  checkGates,
  gateQueries,
  DEFAULT_THRESHOLDS,
  type GateResult,
} from '../../../client/src/canary/gates';
import {
  appendHistory,
  HISTORY_ANNOTATION,
  HISTORY_LIMIT,
  parseHistory,
} from '../../../client/src/canary/history';
import { nextStep, parseSteps, planWeights, stepsFor, withWeights } from '../../../client/src/canary/plan';
import { gateTarget } from '../../../client/src/canary/target';

const vs = (annotations: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', annotations },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        name: 'jason',
        match: [{ headers: { end_user: { exact: 'jason' } } }],
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: 10 },
        ],
      },
      {
        route: [
          { destination: { host: 'reviews', subset: 'v3' }, weight: 10 },
          { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
        ],
      },
      { route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
    ],
    ...extra,
  },
});

describe('canary: detection', () => {
  it('finds one canary for routes splitting the same destinations, the lighter one being the canary', () => {
    const [c, ...rest] = detectCanaries(vs());
    assert.equal(rest.length, 0);
    assert.equal(destinationKey(c!.canary), 'reviews/v3');
    assert.equal(destinationKey(c!.stable), 'reviews/v1');
    assert.equal(c!.canaryWeight, 10);
    assert.deepEqual(
      c!.rules.map((r) => `${r.section}/${r.rule}`),
      ['http/0', 'http/1'],
    );
  });

  it('honours the annotation, and the history once the canary holds 100%', () => {
    const [annotated] = detectCanaries(vs({ [CANARY_ANNOTATION]: 'v1' }));
    assert.equal(destinationKey(annotated!.canary), 'reviews/v1');
    const promoted = withWeights(vs(), planWeights(detectCanaries(vs())[0]!, 100));
    const history = appendHistory(undefined, {
      action: 'promote-full',
      canary: 'reviews/v3',
      stable: 'reviews/v1',
      from: 10,
      to: 100,
      time: '2026-11-22T05:00:00Z',
      by: 'dev@kind-mesh',
    });
    (promoted.metadata.annotations as Record<string, string>)[HISTORY_ANNOTATION] = history;
    const [c] = detectCanaries(promoted);
    assert.equal(destinationKey(c!.canary), 'reviews/v3', 'still the canary at 100%');
    assert.equal(c!.canaryWeight, 100);
  });

  it('finds tcp and tls splits and ignores single-destination routes', () => {
    const tcp = {
      spec: {
        tcp: [
          {
            route: [
              { destination: { host: 'db-a' }, weight: 75 },
              { destination: { host: 'db-b' }, weight: 25 },
            ],
          },
        ],
        http: [{ route: [{ destination: { host: 'x' } }] }],
      },
    };
    const [c] = detectCanaries(tcp);
    assert.equal(c!.canary.host, 'db-b');
    assert.equal(c!.entries[0]!.section, 'tcp');
  });
});

describe('canary: plan', () => {
  it('parses steps and walks them', () => {
    assert.deepEqual(parseSteps('5, 10,25 50 100'), [5, 10, 25, 50, 100]);
    assert.equal(parseSteps('10, 5'), undefined);
    assert.equal(parseSteps('0,50'), undefined);
    assert.deepEqual(stepsFor({ 'meshwright.io/canary-steps': '20,100' }), [20, 100]);
    assert.deepEqual(stepsFor({}, [30, 60]), [30, 60]);
    assert.deepEqual(stepsFor(undefined), [10, 25, 50, 100]);
    assert.equal(nextStep(10, [10, 25, 50, 100]), 25);
    assert.equal(nextStep(60, [10, 25, 50]), 100);
    assert.equal(nextStep(100, [10, 25, 50, 100]), undefined);
  });

  it('moves every route of the set together, weights summing to 100', () => {
    const c = detectCanaries(vs())[0]!;
    const changes = planWeights(c, 25);
    assert.equal(changes.length, 4);
    const moved = withWeights(vs(), changes);
    for (const rule of [0, 1]) {
      const route = moved.spec.http[rule]!.route as { destination: { subset?: string }; weight?: number }[];
      assert.equal(
        route.reduce((s, r) => s + (r.weight ?? 0), 0),
        100,
      );
      assert.equal(route.find((r) => r.destination.subset === 'v3')!.weight, 25);
    }
    assert.deepEqual(moved.spec.http[2], vs().spec.http[2], 'other routes untouched');
    assert.deepEqual(planWeights(c, 10), [], 'already there');
  });

  it('keeps a third destination and refuses what it cannot give', () => {
    const three = {
      spec: {
        http: [
          {
            route: [
              { destination: { host: 'a' }, weight: 70 },
              { destination: { host: 'b' }, weight: 10 },
              { destination: { host: 'c' }, weight: 20 },
            ],
          },
        ],
      },
    };
    const c = detectCanaries(three)[0]!;
    assert.equal(c.canary.host, 'b');
    const moved = withWeights(three, planWeights(c, 50));
    assert.deepEqual(
      moved.spec.http[0]!.route.map((r) => r.weight),
      [30, 50, 20],
    );
    assert.throws(() => planWeights(c, 90), /other destinations hold 20%/);
  });
});

describe('canary: history annotation', () => {
  it('appends, bounds and survives garbage', () => {
    let value: string | undefined;
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      value = appendHistory(value, {
        action: 'promote',
        canary: 'r/v3',
        stable: 'r/v1',
        from: i,
        to: i + 1,
        time: 't',
        by: 'me',
      });
    }
    const entries = parseHistory(value);
    assert.equal(entries.length, HISTORY_LIMIT);
    assert.equal(entries.at(-1)!.to, HISTORY_LIMIT + 5);
    assert.deepEqual(parseHistory('{oops'), []);
    assert.deepEqual(parseHistory('[{"action":1}]'), []);
  });
});

describe('canary: workspace file edits', () => {
  const file = `# canary for reviews — keep this comment
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews   # trailing comment
  namespace: bookinfo
spec:
  hosts: ["reviews"]
  http:
    - route:
        - destination: {host: reviews, subset: v1}
          weight:   90 # stable
        - destination:
            host: reviews
            subset: v3
          weight: 10
---
apiVersion: v1
kind: Service
metadata: {name: reviews}
`;

  it('changes only the weight scalars, byte-for-byte elsewhere', () => {
    const [doc] = canaryDocuments(file);
    assert.ok(doc);
    const edits = weightEdits(file, doc.index, planWeights(doc.canaries[0]!, 25));
    const out = applyEdits(file, edits);
    assert.equal(
      out,
      file.replace('weight:   90 # stable', 'weight:   75 # stable').replace('weight: 10', 'weight: 25'),
    );
  });

  it('inserts a weight where the route has none, aligned with its keys', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  http:
  - route:
    - destination:
        host: a
      weight: 100
    - destination:
        host: b
`;
    const [doc] = canaryDocuments(text);
    const c = doc!.canaries[0]!;
    assert.equal(c.canary.host, 'b');
    const out = applyEdits(text, weightEdits(text, doc!.index, planWeights(c, 10)));
    assert.equal(
      out,
      text
        .replace('weight: 100', 'weight: 90')
        .replace('        host: b\n', '        host: b\n      weight: 10\n'),
    );
    assert.equal(canaryDocuments(out)[0]!.canaries[0]!.canaryWeight, 10);
  });
});

describe('canary: gates', () => {
  const target = { namespace: 'bookinfo', workloads: ['reviews-v3'] };
  const fake =
    (values: { requests?: number; success?: number; p99?: number }) =>
    async (q: string): Promise<number | undefined> => {
      const queries = gateQueries(target, DEFAULT_THRESHOLDS);
      if (q === queries.requests) return values.requests;
      if (q === queries.success) return values.success;
      if (q === queries.p99) return values.p99;
      throw new Error(`unexpected query ${q}`);
    };

  it('passes, fails and is inconclusive without enough traffic', async () => {
    const pass = await checkGates(fake({ requests: 1200, success: 99.6, p99: 212 }), target);
    assert.equal(pass.status, 'pass');
    assert.match(pass.explanation, /success 99\.6% ≥ 99% · p99 212 ms ≤ 500 ms · 1,200 requests/);
    assert.equal((await checkGates(fake({ requests: 1200, success: 97, p99: 100 }), target)).status, 'fail');
    assert.equal((await checkGates(fake({ requests: 1200, success: 100, p99: 900 }), target)).status, 'fail');
    const none = await checkGates(fake({ requests: 0 }), target);
    assert.equal(none.status, 'inconclusive');
    assert.match(none.explanation, /only 0 requests/);
    assert.equal((await checkGates(fake({}), { namespace: 'x', workloads: [] })).status, 'inconclusive');
  });

  it('queries the destination-reported metrics of the canary workload', () => {
    const q = gateQueries(target, DEFAULT_THRESHOLDS);
    assert.match(
      q.success,
      /reporter="destination",destination_workload_namespace="bookinfo",destination_workload=~"reviews-v3"/,
    );
    assert.match(q.success, /response_code!~"5\.\*"/);
    assert.match(
      q.p99,
      /^histogram_quantile\(0\.99, sum\(rate\(istio_request_duration_milliseconds_bucket\{.*\}\[1m\]\)\) by \(le\)\)$/,
    );
  });

  it('resolves the canary workloads from Service, subset labels and pod templates', () => {
    const objs = {
      services: [
        { metadata: { name: 'reviews', namespace: 'bookinfo' }, spec: { selector: { app: 'reviews' } } },
      ],
      destinationRules: [
        {
          metadata: { name: 'reviews', namespace: 'bookinfo' },
          spec: { host: 'reviews', subsets: [{ name: 'v3', labels: { version: 'v3' } }] },
        },
      ],
      workloads: ['v1', 'v3'].map((v) => ({
        metadata: { name: `reviews-${v}`, namespace: 'bookinfo' },
        spec: { template: { metadata: { labels: { app: 'reviews', version: v } } } },
      })),
    };
    assert.deepEqual(gateTarget({ host: 'reviews', subset: 'v3' }, 'bookinfo', objs).workloads, [
      'reviews-v3',
    ]);
    assert.deepEqual(gateTarget({ host: 'reviews.bookinfo.svc.cluster.local' }, 'other', objs).workloads, [
      'reviews-v1',
      'reviews-v3',
    ]);
    assert.deepEqual(gateTarget({ host: 'reviews', subset: 'v9' }, 'bookinfo', objs).workloads, []);
  });
});

describe('canary: automated run', () => {
  const opts = {
    steps: [10, 25, 50, 100],
    startWeight: 10,
    intervalMs: 1000,
    maxFailures: 2,
    maxInconclusive: 3,
  };
  function deps(gates: GateResult['status'][]) {
    const steps: { to: number; action: string }[] = [];
    let i = 0;
    const d: AutoRunDeps = {
      check: async () => ({ status: gates[i++] ?? 'pass', explanation: `check ${i}` }),
      step: async (to, action) => {
        steps.push({ to, action });
        return { kind: 'applied', object: { metadata: {} }, changes: [], summary: '' };
      },
      sleep: async (_ms, signal) => {
        if (signal.aborted) throw new Error('aborted');
      },
    };
    return { d, steps };
  }

  it('promotes step by step to 100% while the gates pass', async () => {
    const { d, steps } = deps(['pass', 'pass', 'pass']);
    const seen: Decision[] = [];
    const r = await runAutomated(opts, d, (x) => seen.push(x), new AbortController().signal);
    assert.equal(r.kind, 'promoted');
    assert.deepEqual(
      steps.map((s) => s.to),
      [25, 50, 100],
    );
    assert.match(seen[0]!.text, /gates pass \(check 1\): 10% → 25%/);
  });

  it('holds on a failure and rolls back after maxFailures; a pass resets the count', async () => {
    const { d, steps } = deps(['pass', 'fail', 'pass', 'fail', 'fail']);
    const r = await runAutomated(opts, d, () => {}, new AbortController().signal);
    assert.equal(r.kind, 'rolled-back');
    assert.deepEqual(
      steps.map((s) => `${s.action}:${s.to}`),
      ['auto-promote:25', 'auto-promote:50', 'auto-rollback:0'],
    );
  });

  it('never promotes on inconclusive checks and stops unchanged', async () => {
    const { d, steps } = deps(['inconclusive', 'inconclusive', 'inconclusive']);
    const r = await runAutomated(opts, d, () => {}, new AbortController().signal);
    assert.equal(r.kind, 'stopped');
    assert.deepEqual(steps, []);
  });

  it('stops on a conflict and on cancel', async () => {
    const { d } = deps(['pass']);
    d.step = async () => ({ kind: 'conflict', live: { metadata: {} }, message: 'changed' });
    assert.equal((await runAutomated(opts, d, () => {}, new AbortController().signal)).kind, 'conflict');
    const ac = new AbortController();
    ac.abort();
    assert.equal((await runAutomated(opts, deps([]).d, () => {}, ac.signal)).kind, 'cancelled');
  });
});

describe('canary: destinations seen from a namespace', () => {
  it('matches short, namespaced and full host names of the same service', () => {
    assert.equal(fullHost('reviews', 'bookinfo'), 'reviews.bookinfo.svc.cluster.local');
    assert.equal(fullHost('reviews.bookinfo', 'x'), 'reviews.bookinfo.svc.cluster.local');
    assert.ok(sameDestinationKey('reviews/v3', 'reviews.bookinfo.svc.cluster.local/v3', 'bookinfo'));
    assert.ok(!sameDestinationKey('reviews/v3', 'reviews.other.svc.cluster.local/v3', 'bookinfo'));
    assert.ok(!sameDestinationKey('reviews/v3', 'reviews/v1', 'bookinfo'));
  });
});
