/**
 * Real receivers for the delivery tests (imported by specs only): an HTTP server whose paths behave
 * like good and bad webhook receivers, an SMTP server keeping what it is sent, and a bounded poll.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Polls `check` until it is true, failing after `timeoutMs` with `message()`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 15_000, message }: { timeoutMs?: number; message?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(message?.() ?? `condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, as received. */
  body: Buffer;
  /** When the request was complete (epoch ms). */
  at: number;
}

/** What a path answers to its n-th request (0-based): a status, `hang` (never), or a huge body. */
export type Behaviour = (n: number) => number | 'hang' | { status: number; hugeBytes: number };

/** An HTTP receiver: paths set with `on(path, behaviour)`; every request is kept in `requests`. */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Each huge answer: bytes handed to the socket, and whether it was all sent or the client closed. */
  readonly hugeAnswers: { written: number; finished: boolean; closed: boolean }[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly hanging = new Set<ServerResponse>();
  private server?: Server;
  port = 0;

  on(path: string, behaviour: Behaviour): string {
    this.behaviours.set(path, behaviour);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = this.to(path).length;
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body, at: Date.now() });
    const behaviour = this.behaviours.get(path) ?? (() => 404);
    const what = behaviour(n);
    if (what === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (typeof what === 'number') {
      if (what >= 300 && what < 400) res.setHeader('Location', `http://127.0.0.1:${this.port}/internal`);
      res.statusCode = what;
      res.end(what >= 400 ? `receiver says ${what}` : 'ok');
      return;
    }
    this.streamHuge(res, what.status, what.hugeBytes);
  }

  /** Writes `total` bytes as fast as the client reads them, and notes how far it got. */
  private streamHuge(res: ServerResponse, status: number, total: number): void {
    const record = { written: 0, finished: false, closed: false };
    this.hugeAnswers.push(record);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': String(total) });
    res.on('finish', () => (record.finished = true));
    res.on('close', () => (record.closed = true));
    const pump = () => {
      while (!record.closed && record.written < total) {
        record.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!record.closed) res.end();
    };
    pump();
  }
}

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  headers: Record<string, string>;
  /** Every text part, decoded. */
  text: string;
}

/** An SMTP server (no TLS, no auth) keeping every message it is sent. */
export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('latin1');
          this.mails.push({ ...parseMail(raw), to: session.envelope.rcptTo.map((r) => r.address) });
          done();
        });
      },
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

/** Header block and body of a MIME entity (headers unfolded, names lower-cased). */
function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const cut = raw.indexOf('\r\n\r\n');
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const body = cut < 0 ? '' : raw.slice(cut + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

function decodeQuotedPrintable(s: string): string {
  return utf8(
    s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`), adjacent ones joined. */
function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const cte = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(body);
  return utf8(body);
}

/** Enough of MIME for these tests: headers, the subject, and every text/* part decoded. */
export function parseMail(raw: string): Omit<ReceivedMail, 'to'> {
  const { headers, body } = splitEntity(raw);
  const texts: string[] = [];
  const walk = (h: Record<string, string>, b: string) => {
    const type = h['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith('--')) break;
        const entity = splitEntity(part.replace(/^\r\n/, ''));
        walk(entity.headers, entity.body);
      }
    } else if (/^text\//i.test(type)) texts.push(decodeBody(h, b));
  };
  walk(headers, body);
  return { raw, headers, subject: decodeWords(headers.subject ?? ''), text: texts.join('\n') };
}
