/**
 * The response breakdown of the graph's detail panel: gRPC statuses named (the 17 canonical codes),
 * each HTTP code split by the gRPC statuses it carried (a failed gRPC call arrives as HTTP 200), and the
 * sums over a node's inbound edges.
 */
import * as assert from 'node:assert/strict';
import {
  GRPC_STATUS_NAMES,
  grpcStatusLabel,
  isGrpcStatus,
  responseRows,
  sumResponses,
} from '../../client/src/graph/grpc-status';
import { blankEdge } from '../../client/src/graph/graph-ids';
import type { GraphEdge } from '../../client/src/graph/graph-types';

const edge = (over: Partial<GraphEdge>): GraphEdge => blankEdge('a', 'b', { protocol: 'grpc', ...over });

describe('graph response breakdown (HTTP codes and gRPC statuses)', () => {
  it('names the 17 canonical gRPC statuses, with the number for the non-OK ones', () => {
    assert.equal(GRPC_STATUS_NAMES.length, 17);
    assert.equal(grpcStatusLabel('0'), 'OK');
    assert.equal(grpcStatusLabel('1'), 'CANCELLED (1)');
    assert.equal(grpcStatusLabel('4'), 'DEADLINE_EXCEEDED (4)');
    assert.equal(grpcStatusLabel('14'), 'UNAVAILABLE (14)');
    assert.equal(grpcStatusLabel('16'), 'UNAUTHENTICATED (16)');
    assert.equal(grpcStatusLabel('17'), 'grpc-status 17');
    assert.equal(isGrpcStatus('14'), true);
    assert.equal(isGrpcStatus('unknown'), false);
    assert.equal(isGrpcStatus(''), false);
    assert.equal(isGrpcStatus(undefined), false);
  });

  it('splits HTTP 200 by gRPC status instead of counting failed calls as 200', () => {
    const rows = responseRows({ '200': 953, '503': 2 }, { '200': { '0': 950, '14': 3 } });
    assert.deepEqual(rows, [
      { label: '200 · OK', rps: 950, error: false },
      { label: '200 · UNAVAILABLE (14)', rps: 3, error: true },
      { label: '503', rps: 2, error: true },
    ]);
  });

  it('keeps plain HTTP codes for HTTP traffic (and HTTP traffic sharing a code with gRPC)', () => {
    assert.deepEqual(responseRows({ '404': 1, '200': 9 }), [
      { label: '200', rps: 9, error: false },
      { label: '404', rps: 1, error: false },
    ]);
    assert.deepEqual(
      responseRows({ '200': 10 }, { '200': { '0': 4 } }).map((r) => [r.label, r.rps]),
      [
        ['200', 6],
        ['200 · OK', 4],
      ],
    );
    // no left-over row from floating-point rounding of the split
    assert.deepEqual(
      responseRows({ '200': 0.1 + 0.2 }, { '200': { '0': 0.1, '2': 0.2 } }).map((r) => r.label),
      ['200 · OK', '200 · UNKNOWN (2)'],
    );
  });

  it('sums codes and statuses over a node’s inbound edges', () => {
    const sum = sumResponses([
      edge({ responseCodes: { '200': 10 }, grpcStatuses: { '200': { '0': 9, '14': 1 } } }),
      edge({ responseCodes: { '200': 5, '503': 1 }, grpcStatuses: { '200': { '14': 5 } } }),
      edge({ protocol: 'http', responseCodes: { '200': 2 } }),
    ]);
    assert.deepEqual(sum, {
      codes: { '200': 17, '503': 1 },
      grpc: { '200': { '0': 9, '14': 6 } },
    });
    assert.deepEqual(
      responseRows(sum.codes, sum.grpc).map((r) => r.label),
      ['200', '200 · OK', '200 · UNAVAILABLE (14)', '503'],
    );
  });
});
