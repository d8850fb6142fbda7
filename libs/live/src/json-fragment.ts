import { Decoder, Encoder, PacketType } from 'socket.io-parser';

/**
 * JSON text sent as it is inside a Socket.IO packet: a payload encoded once and shared by many
 * sockets (a snapshot answered to every identical subscription) costs a string copy per socket
 * instead of a JSON encoding. The client receives ordinary JSON.
 */
export class JsonFragment {
  constructor(readonly json: string) {}
}

const MARK = '\u0001ioc-json-fragment\u0001';
const MARK_JSON = JSON.stringify(MARK);

/** Socket.IO's encoder, plus JsonFragment values (at the top level of an event's or ack's arguments, or one level in). */
export class FragmentEncoder extends Encoder {
  override encode(packet: { type: PacketType; nsp: string; id?: number; data?: unknown }): Array<string | Buffer> {
    const data = packet.data;
    if ((packet.type !== PacketType.EVENT && packet.type !== PacketType.ACK) || !hasFragment(data)) {
      return super.encode(packet);
    }
    const fragments: string[] = [];
    const body = JSON.stringify(data, (_key, value: unknown) => {
      if (!(value instanceof JsonFragment)) return value;
      fragments.push(value.json);
      return MARK;
    });
    let head = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') head += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) head += packet.id;
    const parts = body.split(MARK_JSON);
    let out = head + parts[0];
    for (let i = 1; i < parts.length; i++) out += fragments[i - 1] + parts[i];
    return [out];
  }
}

/** The parser option of a Socket.IO server that accepts JsonFragment values. */
export const FRAGMENT_PARSER = { Encoder: FragmentEncoder, Decoder };

function hasFragment(data: unknown): boolean {
  if (!Array.isArray(data)) return false;
  for (const arg of data) {
    if (arg instanceof JsonFragment) return true;
    if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) {
      for (const v of Object.values(arg)) if (v instanceof JsonFragment) return true;
    }
  }
  return false;
}
