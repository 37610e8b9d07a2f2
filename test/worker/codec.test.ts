/** What crosses a thread boundary: Arrow values as IPC bytes, sent again without re-encoding. */
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/worker/codec.js';

type Wire = { $arrow: string; ipc: Uint8Array };

describe('codec', () => {
  const local = tableFromArrays({ id: Int32Array.from([1, 2, 3]), v: Float64Array.from([0.5, -1, 2]) });

  it('round-trips a table through shared IPC bytes', () => {
    const wire = encode(local) as Wire;
    expect(wire.$arrow).toBe('table');
    expect(wire.ipc.buffer).toBeInstanceOf(SharedArrayBuffer);
    const back = decode(wire) as typeof local;
    expect(back.numRows).toBe(3);
    expect(Array.from(back.getChild('v')!.toArray() as Float64Array)).toEqual([0.5, -1, 2]);
  });

  it('a table that arrived as shared bytes goes out again as the same bytes, with no copy', () => {
    const arrived = decode(encode(local)) as typeof local;
    const first = encode(arrived) as Wire;
    expect(encode(arrived)).toBe(first);
    expect(encode({ nested: [arrived] })).toEqual({ nested: [first] });
  });

  it('a table built on this thread is encoded per send (no hidden cached copy)', () => {
    const a = encode(local) as Wire;
    const b = encode(local) as Wire;
    expect(a).not.toBe(b);
    expect(Array.from(a.ipc)).toEqual(Array.from(b.ipc));
  });
});
