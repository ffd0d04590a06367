import * as assert from 'node:assert/strict';
import { parse, service } from '../helpers/service';

function fixes(text: string): { title: string; result: string }[] {
  const doc = parse(text);
  const diagnostics = service().validate(doc);
  return service()
    .codeActions(doc, diagnostics)
    .map((action) => {
      const [edit] = action.edit!.changes![doc.file.uri]!;
      const start = doc.lines.offsetAt(edit!.range.start);
      const end = doc.lines.offsetAt(edit!.range.end);
      return { title: action.title, result: text.slice(0, start) + edit!.newText + text.slice(end) };
    });
}

const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n';

describe('code actions', () => {
  it('applies the did-you-mean suggestion of an unknown field', () => {
    const [fix] = fixes(`${VS}spec:\n  hostz: [r]\n`);
    assert.equal(fix!.title, "Change to 'hosts'");
    assert.equal(fix!.result, `${VS}spec:\n  hosts: [r]\n`);
    assert.deepEqual(service().validate(parse(fix!.result)), []);
  });

  it('fixes enums, kinds and durations', () => {
    const text = `apiVersion: networking.istio.io/v1\nkind: VirtualSevice\n---\n${VS}spec:\n  http:\n  - timeout: 10\n    route:\n    - destination: {host: r}\n`;
    const titles = fixes(text).map((f) => f.title);
    assert.deepEqual(titles, ["Change to 'VirtualService'", 'Use 10s (seconds)']);
    const pa =
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: x}\nspec:\n  mtls: {mode: permissive}\n';
    assert.equal(fixes(pa)[0]!.result, pa.replace('permissive', 'PERMISSIVE'));
  });

  it('quotes a number where a string is expected', () => {
    const dr =
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: x}\nspec:\n  host: x\n  subsets:\n  - name: v1\n    labels: {version: 1.0}\n';
    const [fix] = fixes(dr);
    assert.equal(fix!.title, 'Quote "1.0"');
    assert.deepEqual(service().validate(parse(fix!.result)), []);
  });

  it('offers nothing when there is no safe fix', () => {
    assert.deepEqual(fixes(`${VS}spec:\n  qqqqqq: 1\n`), []);
  });
});
