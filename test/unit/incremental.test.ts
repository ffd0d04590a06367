import * as assert from 'node:assert/strict';
import { service } from '../helpers/service';

const doc = (name: string, extra = '') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\nspec:\n  hosts: [${name}]\n${extra}`;

describe('incremental parsing', () => {
  it('re-parses only the documents an edit touched, even when later ones moved', () => {
    const v1 = [doc('a'), doc('b'), doc('c')].join('---\n');
    const first = service().parse('file:///i.yaml', 1, v1);
    service().validate(first);
    const v2 = [doc('a', '  exportTo: ["."]\n'), doc('b'), doc('c')].join('---\n');
    const second = service().parse('file:///i.yaml', 2, v2, first);
    assert.notEqual(second.file.chunks[0]!.chunk, first.file.chunks[0]!.chunk);
    assert.equal(second.file.chunks[1]!.chunk, first.file.chunks[1]!.chunk, 'unchanged document reused');
    assert.equal(second.file.chunks[2]!.chunk, first.file.chunks[2]!.chunk, 'moved document reused');
    assert.ok(second.file.chunks[1]!.chunk.memo.has('diagnostics'), 'its diagnostics are memoised');
    assert.ok(second.file.chunks[2]!.start > first.file.chunks[2]!.start);
  });

  it('keeps diagnostics of reused documents at their new positions', () => {
    const bad = doc('b', '  hostz: []\n');
    const v1 = [doc('a'), bad].join('---\n');
    const first = service().parse('file:///j.yaml', 1, v1);
    const before = service().validate(first);
    const v2 = [doc('a', '  gateways: [mesh]\n'), bad].join('---\n');
    const after = service().validate(service().parse('file:///j.yaml', 2, v2, first));
    assert.equal(before.length, 1);
    assert.equal(after.length, 1);
    assert.equal(after[0]!.range.start.line, before[0]!.range.start.line + 1);
  });
});
