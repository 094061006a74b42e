/**
 * An MSAL token cache kept in the database (`token_caches`), sealed with AES-256-GCM under a key
 * derived from TOKEN_CACHE_KEY so that a database dump or backup holds no usable refresh token. As
 * an MSAL `ICachePlugin` it is read before every cache access and written back when MSAL changed it,
 * so every instance and every restart sees the latest tokens.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { Queryable } from '../store/db.js';

const VERSION = 'v1';
const IV_BYTES = 12;
// Pinned: without it Node accepts a tag cut down to 4 bytes, which is far easier to forge.
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** What a key derived from TOKEN_CACHE_KEY is for; each purpose gets its own key. */
export type KeyPurpose = 'token-cache' | 'sign-in-cookie';

/** A 32-byte key for one purpose (HKDF-SHA256), so a value sealed for one never opens as another. */
export function subkey(key: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `pim-copilot/${purpose}/v1`, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url; `context` is bound in as associated data. */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Throws when the key, the context, the shape or a single byte differs. */
export function unseal(key: Buffer, sealed: string, context: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.every((p) => BASE64URL.test(p))) throw new Error('not a sealed value');
  const [iv, tag, body] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** Whose cache a row is: the row id and the account, tenant and app its tokens were issued to. */
export interface CacheRow {
  id: string;
  /** The account's UPN. */
  account: string;
  tenantId: string;
  clientId: string;
}

/** The associated data a row is sealed with: a row copied to another tenant, app or account does not open. */
export function cacheContext(row: CacheRow): string {
  return JSON.stringify(['token-cache', row.id, row.tenantId.toLowerCase(), row.clientId.toLowerCase(), row.account.toLowerCase()]);
}

export class DatabaseTokenCache implements ICachePlugin {
  private readonly key: Buffer;
  /** The row's version when this instance last read it; a write back only lands if it is unchanged. */
  private version: string | undefined;

  constructor(
    private readonly db: Queryable,
    key: Buffer,
    private readonly row: CacheRow,
    private readonly log: Logger,
  ) {
    this.key = subkey(key, 'token-cache');
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const serialized = await this.load();
    // An empty cache clears what this instance remembered: the row is the truth.
    context.tokenCache.deserialize(serialized ?? '{}');
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (context.cacheHasChanged) await this.writeBack(context.tokenCache.serialize());
  }

  /** The serialized cache, or undefined when there is none (or it cannot be opened). */
  async load(): Promise<string | undefined> {
    const { rows } = await this.db.query<{ sealed: string; version: string }>('SELECT sealed, version::text AS version FROM token_caches WHERE id = $1', [this.row.id]);
    this.version = rows[0]?.version;
    if (!rows[0]) return undefined;
    try {
      return unseal(this.key, rows[0].sealed, cacheContext(this.row));
    } catch {
      this.log.warn(
        { cache: this.row.id },
        'the stored token cache cannot be opened (was TOKEN_CACHE_KEY, the tenant, the app or the account changed?); it is ignored until the next sign-in',
      );
      return undefined;
    }
  }

  /** A fresh sign-in: replaces the cache whatever happened meanwhile. The UPN is kept in clear so people know whose tokens these are. */
  async save(serialized: string): Promise<void> {
    await this.db.query(
      `INSERT INTO token_caches (id, account, sealed, version, updated_at) VALUES ($1, $2, $3, 1, now())
       ON CONFLICT (id) DO UPDATE SET account = EXCLUDED.account, sealed = EXCLUDED.sealed, version = token_caches.version + 1, updated_at = now()`,
      [this.row.id, this.row.account, seal(this.key, serialized, cacheContext(this.row))],
    );
  }

  /** MSAL refreshed tokens: stored only if nobody (another instance, a new sign-in) wrote the row since it was read. */
  private async writeBack(serialized: string): Promise<void> {
    const sealed = seal(this.key, serialized, cacheContext(this.row));
    const { rows } =
      this.version === undefined
        ? await this.db.query<{ version: string }>(
            `INSERT INTO token_caches (id, account, sealed, version, updated_at) VALUES ($1, $2, $3, 1, now())
             ON CONFLICT (id) DO NOTHING RETURNING version::text AS version`,
            [this.row.id, this.row.account, sealed],
          )
        : await this.db.query<{ version: string }>(
            `UPDATE token_caches SET sealed = $2, version = version + 1, updated_at = now()
             WHERE id = $1 AND version = $3 RETURNING version::text AS version`,
            [this.row.id, sealed, this.version],
          );
    if (rows[0]) {
      this.version = rows[0].version;
      return;
    }
    // The newer row holds tokens at least as good; the next access reads it.
    this.log.info({ cache: this.row.id }, 'the token cache changed meanwhile (another instance or a new sign-in); this refresh is not stored');
  }
}
