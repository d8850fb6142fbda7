const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Does this JSON text nest objects and arrays deeper than `limit` levels (`{}` at the top is level 1)?
 * One linear pass over the bytes, before parsing, skipping the contents of strings (so brackets inside
 * strings do not count); it stops at the first level past the limit. UTF-8 is safe to scan this way:
 * bytes of multi-byte characters are never ASCII. Malformed text is left to the parser.
 */
export function jsonDepthExceeds(text: Uint8Array | string, limit: number): boolean {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      for (i++; i < buf.length && buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Thrown by the JSON body parser's verify hook; the HTTP filter answers it with a 400. */
export class JsonTooDeepError extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;

  constructor(readonly limit: number) {
    super(`request body is nested deeper than ${limit} levels (IOC_MAX_JSON_DEPTH)`);
    this.name = 'JsonTooDeepError';
  }
}
