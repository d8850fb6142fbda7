import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { FragmentEncoder, JsonFragment } from './json-fragment';

function decode(encoded: Array<string | Buffer>): { data: unknown } {
  const decoder = new Decoder();
  let packet: { data: unknown } = { data: undefined };
  decoder.on('decoded', (p: { data?: unknown }) => (packet = { data: p.data }));
  for (const part of encoded) decoder.add(part);
  return packet;
}

describe('FragmentEncoder', () => {
  const points = [
    { indicator: 'env.aqi', scope: '718', ts: 1, value: 42.5 },
    { indicator: 'a"b\\c', scope: 'x', ts: 2, value: -1 },
  ];

  it('encodes an ack with a fragment exactly as the plain encoder encodes the same values', () => {
    const plain = new Encoder().encode({
      type: PacketType.ACK,
      nsp: '/live',
      id: 7,
      data: [{ ok: true, snapshot: points, cursor: '1-0' }],
    });
    const shared = new FragmentEncoder().encode({
      type: PacketType.ACK,
      nsp: '/live',
      id: 7,
      data: [{ ok: true, snapshot: new JsonFragment(JSON.stringify(points)), cursor: '1-0' }],
    });
    expect(shared).toEqual(plain);
    expect(decode(shared).data).toEqual([{ ok: true, snapshot: points, cursor: '1-0' }]);
  });

  it('handles several fragments and a fragment as a whole argument', () => {
    const encoded = new FragmentEncoder().encode({
      type: PacketType.EVENT,
      nsp: '/',
      data: ['values', new JsonFragment('{"cursor":"2-0","points":[]}'), { a: new JsonFragment('[1,2]'), b: 'x' }],
    });
    expect(decode(encoded).data).toEqual(['values', { cursor: '2-0', points: [] }, { a: [1, 2], b: 'x' }]);
  });

  it('leaves packets without fragments to the plain encoder (binary too)', () => {
    const packet = { type: PacketType.EVENT, nsp: '/live', data: ['values', { b: Buffer.from([1, 2]) }] };
    expect(new FragmentEncoder().encode(packet)).toEqual(new Encoder().encode(packet));
  });

  it('a string value that looks like the marker is not touched', () => {
    const encoded = new FragmentEncoder().encode({
      type: PacketType.EVENT,
      nsp: '/',
      data: ['e', { s: 'ioc-json-fragment', f: new JsonFragment('1') }],
    });
    expect(decode(encoded).data).toEqual(['e', { s: 'ioc-json-fragment', f: 1 }]);
  });
});
