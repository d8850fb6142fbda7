import { BadRequestException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import {
  type ApiKeySummary,
  type CreatedApiKey,
  type KeyPrincipal,
  type NewApiKey,
  type Role,
  ROLES,
} from '@app/contracts';
import { CatalogueCache } from '@app/catalogue';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { generateApiKey, hashApiKey, sameSecret } from './api-key.util';

const ENV_ADMIN: KeyPrincipal = { id: 'env-admin', name: 'IOC_ADMIN_KEY', role: 'admin', scopes: null };
const CACHE_LIMIT = 10_000;

/** API keys: created once (the key shown once), stored as SHA-256, looked up through a small cache. */
@Injectable()
export class ApiKeyService implements OnModuleInit {
  private readonly known = new Map<string, KeyPrincipal | null>();
  private readonly keyListeners = new Set<() => void>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueCache,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // A key created or revoked in any process announces a catalogue change: forget what we knew.
    this.catalogue.onChange(() => {
      this.known.clear();
      this.notifyKeyListeners();
    });
  }

  /**
   * Calls `listener` after keys may have changed, here or in another process (a key created or
   * revoked announces a catalogue change on Redis). Returns its removal.
   */
  onKeysChanged(listener: () => void): () => void {
    this.keyListeners.add(listener);
    return () => this.keyListeners.delete(listener);
  }

  async create(input: NewApiKey): Promise<CreatedApiKey> {
    if (!ROLES.includes(input.role)) throw new BadRequestException(`role must be one of ${ROLES.join(', ')}`);
    const scopes = input.scopes && input.scopes.length > 0 ? [...new Set(input.scopes)] : null;
    if (input.role === 'district' && !scopes)
      throw new BadRequestException('scopes: a district key needs at least one scope');
    for (const s of scopes ?? []) {
      if (!this.catalogue.scope(s)) throw new BadRequestException(`scopes: unknown scope "${s}"`);
    }
    const key = generateApiKey();
    const row: ApiKeyEntity = {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      scopes: scopes ? JSON.stringify(scopes) : null,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, 10),
      createdAt: new Date().toISOString(),
    };
    await this.db.getRepository(ApiKeyEntity).insert(row);
    await this.changed();
    return { id: row.id, key, name: row.name, role: input.role, scopes };
  }

  async authenticate(token: string | undefined): Promise<KeyPrincipal | null> {
    if (!token) return null;
    if (this.config.adminKey && sameSecret(token, this.config.adminKey)) return ENV_ADMIN;
    const hash = hashApiKey(token);
    if (this.known.has(hash)) return this.known.get(hash)!;
    const row = await this.db.getRepository(ApiKeyEntity).findOneBy({ keyHash: hash });
    const principal = row ? toPrincipal(row) : null;
    if (this.known.size >= CACHE_LIMIT) this.known.clear();
    this.known.set(hash, principal);
    return principal;
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.db.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map((r) => ({ ...toPrincipal(r), keyPrefix: r.keyPrefix, createdAt: r.createdAt }));
  }

  async delete(id: string): Promise<void> {
    const res = await this.db.getRepository(ApiKeyEntity).delete({ id });
    if (!res.affected) throw new NotFoundException(`unknown API key id "${id}"`);
    await this.changed();
  }

  async deleteByName(name: string): Promise<number> {
    const res = await this.db.getRepository(ApiKeyEntity).delete({ name });
    if (res.affected) await this.changed();
    return res.affected ?? 0;
  }

  private async changed(): Promise<void> {
    this.known.clear();
    this.catalogue.announce();
    this.notifyKeyListeners();
  }

  private notifyKeyListeners(): void {
    for (const l of this.keyListeners) l();
  }
}

function toPrincipal(row: ApiKeyEntity): KeyPrincipal {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    scopes: row.scopes ? (JSON.parse(row.scopes) as string[]) : null,
  };
}
