import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { ImportMapping, ImportStatus, KeyPrincipal } from '@app/contracts';
import { rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { SavedMappings } from '../mappings/saved-mappings.service';
import { detectFormat, guessDelimiter } from '../readers/file-kind.util';
import { ImportRunner } from './import-runner.service';
import { ImportRunsRepository, toImportStatus } from './import-runs.repository';
import { spoolUpload } from './multipart-upload';

/**
 * `POST /api/v1/imports`: the upload is spooled to a file under IOC_DATA_DIR/imports while it arrives;
 * once the whole body is on disk, the mapping and the file's format are checked (400 when wrong), the
 * import is recorded `running`, answered `202 {id}`, and run in the background by ImportRunner.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly runner: ImportRunner,
    private readonly runs: ImportRunsRepository,
    private readonly mappings: SavedMappings,
    private readonly config: AppConfig,
  ) {}

  async start(req: IncomingMessage, principal: KeyPrincipal): Promise<{ id: string }> {
    const upload = await spoolUpload(req, this.runner.spoolDir, this.config.importMaxFileBytes);
    try {
      const mapping = await this.mapping(upload.fields.mapping);
      const format = detectFormat(upload.fileName, upload.head, upload.bytes <= upload.head.length);
      if (format !== 'csv' && format !== 'xlsx') throw new BadRequestException(format);
      const delimiter = mapping.delimiter ?? (format === 'csv' ? await this.delimiterOf(upload.path, mapping) : ',');
      await this.runs.create({
        id: upload.id,
        state: 'running',
        fileName: upload.fileName.slice(0, 300),
        format,
        mapping,
        keyId: principal.id,
        createdBy: principal.name,
        startedAt: Date.now(),
      });
      this.runner.start({
        id: upload.id,
        path: upload.path,
        format,
        delimiter,
        mapping,
        scopes: principal.scopes,
        by: principal.name,
      });
      return { id: upload.id };
    } catch (err) {
      rmSync(upload.path, { force: true });
      throw err;
    }
  }

  /** The `mapping` field: a JSON object, or the name of a saved import mapping. */
  private async mapping(field: string | undefined): Promise<ImportMapping> {
    if (field === undefined || field.trim() === '') {
      throw new BadRequestException(
        "mapping: missing (a form field with the mapping as JSON, or a saved mapping's name)",
      );
    }
    const text = field.trim();
    if (!text.startsWith('{')) return this.mappings.importMapping(text);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new BadRequestException(`mapping: not valid JSON (${(err as Error).message})`);
    }
    return this.mappings.validate('import', raw) as ImportMapping;
  }

  /** The separator of a CSV file, guessed from its header line (the first 64 KB). */
  private async delimiterOf(path: string, mapping: ImportMapping): Promise<string> {
    const f = await open(path, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await f.read(buf, 0, buf.length, 0);
      return guessDelimiter(buf.subarray(0, bytesRead).toString('utf8'), mapping.headerRow ?? 1);
    } finally {
      await f.close();
    }
  }

  /** An import's status; a key that is not admin sees only its own imports. */
  async status(id: string, principal: KeyPrincipal): Promise<ImportStatus> {
    await this.runs.failStale();
    const run = /^[0-9a-f-]{36}$/.test(id) ? await this.runs.find(id) : null;
    if (!run || (principal.role !== 'admin' && run.keyId !== principal.id)) {
      throw new NotFoundException(`no import "${id}"`);
    }
    return toImportStatus(run);
  }
}
