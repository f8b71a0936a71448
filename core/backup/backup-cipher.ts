import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * The backup file: one plaintext header line naming how the key is derived, then frames of
 * AES-256-GCM, each `u32 length | u8 final | 12-byte nonce | ciphertext | 16-byte tag`. A frame's
 * associated data is the header line, its index and its final flag, so frames cannot be dropped,
 * reordered, or spliced from another file, and a file cut after any frame lacks its final frame.
 */
export const BACKUP_MAGIC = 'LOGBOOK-BACKUP/1';
const FRAME_BYTES = 1024 * 1024;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FRAME_HEAD = 5;
const HKDF_INFO = 'logbook backup aes-256-gcm v1';

export interface BackupKeyHeader {
  kdf: 'hkdf-sha256';
  /** Which secret the key comes from, so restore can say which one it needs. */
  secret: 'BACKUP_KEY' | 'ENCRYPTION_KEY';
  salt: string;
}

export class BackupFormatError extends Error {}

export function deriveBackupKey(secret: string, salt: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(secret, 'utf8'), salt, HKDF_INFO, 32));
}

function headerLine(header: BackupKeyHeader): Buffer {
  return Buffer.from(`${BACKUP_MAGIC} ${JSON.stringify(header)}\n`, 'utf8');
}

function frameAad(header: Buffer, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index, 0);
  tail[4] = final ? 1 : 0;
  return Buffer.concat([header, tail]);
}

/** Plaintext in, the backup file's bytes out (the header line first). */
export class BackupEncryptStream extends Transform {
  private readonly header: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;

  private constructor(private readonly key: Buffer, info: BackupKeyHeader) {
    super();
    this.header = headerLine(info);
    this.push(this.header);
  }

  /** A stream with a fresh random salt; the key is derived from `secret`, named in the header as `secretName`. */
  static create(secret: string, secretName: BackupKeyHeader['secret']): BackupEncryptStream {
    const salt = crypto.randomBytes(16);
    return new BackupEncryptStream(deriveBackupKey(secret, salt), { kdf: 'hkdf-sha256', secret: secretName, salt: salt.toString('base64') });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= FRAME_BYTES) {
      const all = Buffer.concat(this.pending);
      this.push(this.frame(all.subarray(0, FRAME_BYTES), false));
      const rest = all.subarray(FRAME_BYTES);
      this.pending = rest.length ? [rest] : [];
      this.pendingBytes = rest.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(this.frame(Buffer.concat(this.pending), true));
    this.pending = [];
    done();
  }

  private frame(plain: Buffer, final: boolean): Buffer {
    const nonce = crypto.randomBytes(NONCE_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(frameAad(this.header, this.index++, final));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const head = Buffer.alloc(FRAME_HEAD);
    head.writeUInt32BE(body.length, 0);
    head[4] = final ? 1 : 0;
    return Buffer.concat([head, nonce, body, cipher.getAuthTag()]);
  }
}

/**
 * The backup file's bytes in, plaintext out. `keyFor` gets the header (which secret, which salt)
 * and returns the key. Any bit changed, a frame missing or the end cut off fails with
 * BackupFormatError; nothing unauthenticated is ever passed on.
 */
export class BackupDecryptStream extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private header: Buffer | null = null;
  private key: Buffer | null = null;
  private index = 0;
  private ended = false;

  constructor(private readonly keyFor: (header: BackupKeyHeader) => Buffer) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    try {
      this.drain();
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (!this.header) { done(new BackupFormatError('not a Logbook backup (no header)')); return; }
    if (!this.ended || this.buffer.length > 0) { done(new BackupFormatError('the backup is truncated or has bytes after its end')); return; }
    done();
  }

  private drain(): void {
    if (!this.header) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl < 0) {
        if (this.buffer.length > 4096) throw new BackupFormatError('not a Logbook backup (no header)');
        return;
      }
      this.header = this.buffer.subarray(0, nl + 1);
      this.buffer = this.buffer.subarray(nl + 1);
      this.key = this.keyFor(parseHeader(this.header.toString('utf8')));
    }
    while (this.buffer.length >= FRAME_HEAD) {
      if (this.ended) throw new BackupFormatError('the backup has bytes after its end');
      const length = this.buffer.readUInt32BE(0);
      if (length > FRAME_BYTES + TAG_BYTES) throw new BackupFormatError('the backup is damaged (frame too long)');
      const total = FRAME_HEAD + NONCE_BYTES + length + TAG_BYTES;
      if (this.buffer.length < total) return;
      const final = this.buffer[4] === 1;
      const nonce = this.buffer.subarray(FRAME_HEAD, FRAME_HEAD + NONCE_BYTES);
      const body = this.buffer.subarray(FRAME_HEAD + NONCE_BYTES, FRAME_HEAD + NONCE_BYTES + length);
      const tag = this.buffer.subarray(total - TAG_BYTES, total);
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key!, nonce);
      decipher.setAAD(frameAad(this.header, this.index++, final));
      decipher.setAuthTag(tag);
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        throw new BackupFormatError('the backup does not decrypt: wrong key, or the file was changed');
      }
      this.buffer = this.buffer.subarray(total);
      if (final) this.ended = true;
      if (plain.length) this.push(plain);
    }
  }
}

function parseHeader(line: string): BackupKeyHeader {
  if (!line.startsWith(`${BACKUP_MAGIC} `)) throw new BackupFormatError('not a Logbook backup (unknown header)');
  let header: Partial<BackupKeyHeader>;
  try { header = JSON.parse(line.slice(BACKUP_MAGIC.length + 1)) as Partial<BackupKeyHeader>; } catch { throw new BackupFormatError('not a Logbook backup (unreadable header)'); }
  if (header.kdf !== 'hkdf-sha256' || (header.secret !== 'BACKUP_KEY' && header.secret !== 'ENCRYPTION_KEY') || typeof header.salt !== 'string') {
    throw new BackupFormatError('not a Logbook backup (unknown key derivation)');
  }
  return header as BackupKeyHeader;
}
