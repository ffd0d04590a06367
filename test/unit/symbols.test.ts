import * as assert from 'node:assert/strict';
import { parse, service } from '../helpers/service';

describe('document symbols', () => {
  it('lists each resource as Kind namespace/name with its main parts', () => {
    const doc = parse(
      [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata:',
        '  name: reviews',
        '  namespace: bookinfo',
        'spec:',
        '  hosts: [reviews]',
        '  http:',
        '  - route:',
        '    - destination: {host: reviews, subset: v1}',
        '      weight: 80',
        '    - destination: {host: reviews, subset: v2}',
        '      weight: 20',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '  name: reviews',
        'spec:',
        '  host: reviews',
        '  subsets:',
        '  - name: v1',
        '  - name: v2',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: Gateway',
        'metadata: {name: gw}',
        'spec:',
        '  servers:',
        '  - port: {number: 443, name: https, protocol: HTTPS}',
        '    hosts: [example.com]',
      ].join('\n'),
    );
    const symbols = service().documentSymbols(doc);
    const summary = symbols.map((s) => [
      s.name,
      s.children?.map((c) => [c.name, c.children?.map((x) => x.name)]),
    ]);
    assert.deepEqual(summary, [
      [
        'VirtualService bookinfo/reviews',
        [
          ['hosts', ['reviews']],
          ['http', ['http → reviews:v1 80%, reviews:v2 20%']],
        ],
      ],
      ['DestinationRule reviews', [['subsets', ['v1', 'v2']]]],
      ['Gateway gw', [['servers', ['HTTPS 443 example.com']]]],
    ]);
    assert.deepEqual(symbols[1]!.range.start, { line: 13, character: 0 });
    assert.deepEqual(symbols[0]!.selectionRange.start, { line: 3, character: 8 });
  });

  it('skips documents that are not resources', () => {
    assert.deepEqual(service().documentSymbols(parse('a: 1\n---\n- x\n')), []);
  });
});
