import * as assert from 'node:assert/strict';
import { service, withCursor } from '../helpers/service';

function hoverText(text: string): string | undefined {
  const { doc, position } = withCursor(text);
  const hover = service().hover(doc, position);
  if (!hover) return undefined;
  return typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : undefined;
}

const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n';

describe('hover', () => {
  it('shows description, type and path of a key', () => {
    const text = hoverText(`${VS}spec:\n  http:\n  - retr‸ies:\n      attempts: 3\n`)!;
    assert.match(text, /^\*\*retries\*\* · `object`/);
    assert.match(text, /`spec\.http\[\]\.retries`/);
    assert.match(text, /Retry policy for HTTP requests/);
  });

  it('shows allowed values of enums, also when hovering the value', () => {
    const text = hoverText(
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: x\nspec:\n  mtls:\n    mode: STR‸ICT\n',
    )!;
    assert.match(text, /`spec\.mtls\.mode`/);
    assert.match(text, /Allowed values: `UNSET`, `DISABLE`, `PERMISSIVE`, `STRICT`/);
  });

  it('explains durations', () => {
    const text = hoverText(`${VS}spec:\n  http:\n  - timeout: 5‸s\n`)!;
    assert.match(text, /\*\*timeout\*\* · `duration`/);
    assert.match(text, /e\.g\. `5s`/);
  });

  it('describes the resource on its kind', () => {
    const text = hoverText('apiVersion: networking.istio.io/v1\nkind: Destination‸Rule\n')!;
    assert.match(text, /\*\*DestinationRule\*\* · `networking\.istio\.io\/v1`/);
  });

  it('names array items by their field', () => {
    const text = hoverText(`${VS}spec:\n  hosts:\n  - revi‸ews\n`)!;
    assert.match(text, /^\*\*hosts\*\* · `array of string`/);
  });

  it('returns nothing for foreign YAML and unknown fields', () => {
    assert.equal(hoverText('name: ch‸art\n'), undefined);
    assert.equal(hoverText(`${VS}spec:\n  hos‸tz: []\n`), undefined);
  });
});
