import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';

/** Bytes of the file's start kept in memory to tell its format. */
const HEAD_BYTES = 64 * 1024;
/** Longest form field (the mapping as JSON, or its saved name). */
const MAX_FIELD_BYTES = 64 * 1024;

/** An upload spooled to disk: the `file` part at `path`, the other form fields, the file's first bytes. */
export interface SpooledUpload {
  /** A new random id: the file is `<id>.upload` in the spool directory. */
  id: string;
  path: string;
  fileName: string;
  bytes: number;
  head: Buffer;
  fields: Record<string, string>;
}

/**
 * Reads a `multipart/form-data` request with busboy, streaming its `file` part to a new file in `dir`
 * (never the whole file in memory; the request is read as fast as the disk takes it). Resolves once
 * the whole body is consumed and the file is on disk; a file over `maxBytes`, a second file, a part
 * that is not a form, or a broken body is an HTTP error (the partial file is removed).
 */
export function spoolUpload(req: IncomingMessage, dir: string, maxBytes: number): Promise<SpooledUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(
      new UnsupportedMediaTypeException('send the file as multipart/form-data with the parts "file" and "mapping"'),
    );
  }
  return new Promise<SpooledUpload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        // File names as browsers and curl send them: UTF-8 (Vietnamese names), not busboy's default latin1.
        defParamCharset: 'utf8',
        limits: { files: 1, fields: 10, parts: 12, fileSize: maxBytes, fieldSize: MAX_FIELD_BYTES },
      });
    } catch (err) {
      reject(new BadRequestException(`multipart body: ${(err as Error).message}`));
      return;
    }
    const id = randomUUID();
    const path = join(dir, `${id}.upload`);
    const fields: Record<string, string> = {};
    let fileName: string | undefined;
    let bytes = 0;
    const headChunks: Buffer[] = [];
    let headBytes = 0;
    let problem: Error | undefined;
    let written: Promise<void> = Promise.resolve();
    const fail = (err: Error) => {
      problem ??= err;
    };
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || fileName !== undefined) {
        fail(new BadRequestException(`multipart: unexpected file part "${name}" (send one part named "file")`));
        stream.resume();
        return;
      }
      fileName = info.filename || 'upload';
      const out = createWriteStream(path);
      written = new Promise<void>((done, failed) => {
        out.on('finish', done);
        out.on('error', failed);
      });
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (headBytes < HEAD_BYTES) {
          headChunks.push(chunk.subarray(0, HEAD_BYTES - headBytes));
          headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
        }
      });
      stream.on('limit', () =>
        fail(
          new PayloadTooLargeException(`file: larger than the limit of ${maxBytes} bytes (IOC_IMPORT_MAX_FILE_BYTES)`),
        ),
      );
      stream.pipe(out);
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new BadRequestException(`${name}: longer than ${MAX_FIELD_BYTES} bytes`));
      else fields[name] = value;
    });
    bb.on('filesLimit', () => fail(new BadRequestException('multipart: one file per import')));
    bb.on('partsLimit', () => fail(new BadRequestException('multipart: too many parts (send "file" and "mapping")')));
    bb.on('fieldsLimit', () => fail(new BadRequestException('multipart: too many fields (send "file" and "mapping")')));
    const finish = (err?: Error) => {
      written.then(
        () => settle(err),
        (e: Error) => settle(err ?? e),
      );
    };
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      const why =
        err ??
        problem ??
        (fileName === undefined
          ? new BadRequestException('file: missing (a part named "file" with the CSV or XLSX file)')
          : undefined);
      if (why) {
        rmSync(path, { force: true });
        reject(why);
        return;
      }
      resolve({ id, path, fileName: fileName!, bytes, head: Buffer.concat(headChunks), fields });
    };
    bb.on('close', () => finish());
    bb.on('error', (err: Error) => {
      req.unpipe(bb);
      req.resume(); // drain the rest so that the client reads the answer
      finish(new BadRequestException(`multipart body cannot be read: ${err.message}`));
    });
    req.on('aborted', () => finish(new BadRequestException('the upload was interrupted')));
    req.pipe(bb);
  });
}
