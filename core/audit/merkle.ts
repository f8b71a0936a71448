import crypto from 'node:crypto';

const LEAF_PREFIX = Buffer.from([0x00]);

// One-shot crypto.hash on a reused scratch buffer: the verifier computes several of these per
// entry, and createHash() objects cost about twice as much.
const nodeScratch = Buffer.alloc(65);
nodeScratch[0] = 0x01;
const hashLeafScratch = Buffer.alloc(33);

/** RFC 6962 §2.1 leaf hash: SHA-256(0x00 || data); a string is taken as its UTF-8 bytes. */
export function leafHash(data: Buffer | string): Buffer {
  // U+0000 is the single byte 0x00 in UTF-8, so the prefix can ride along in the string.
  if (typeof data === 'string') return crypto.hash('sha256', `\u0000${data}`, 'buffer');
  return crypto.hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

/**
 * leafHash() of the 32 bytes a hex SHA-256 stands for, without allocating them. Text that is not
 * 64 hex digits is hashed as text instead, so two different stored strings never share a leaf
 * through Buffer's lenient hex parser. (Upper-case hex decodes like lower-case here; the verifier's
 * string comparisons of links and head hashes catch such an edit.)
 */
export function hexLeafHash(hex: string): Buffer {
  if (hex.length !== 64 || hashLeafScratch.write(hex, 1, 32, 'hex') !== 32) return leafHash(`not-hex:${hex}`);
  return crypto.hash('sha256', hashLeafScratch, 'buffer');
}

/** RFC 6962 §2.1 interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  left.copy(nodeScratch, 1);
  right.copy(nodeScratch, 33);
  return crypto.hash('sha256', nodeScratch, 'buffer');
}

/** The Merkle tree hash of the empty list: SHA-256 of nothing. */
export const EMPTY_ROOT = crypto.createHash('sha256').digest('hex');

/**
 * Builds an RFC 6962 Merkle tree hash from leaves added in order, in O(log n) memory: the stack
 * holds the roots of the perfect subtrees the leaf count decomposes into (its binary digits), and
 * folding them right to left gives MTH (the largest power of two < n splits left, as in §2.1).
 */
export class MerkleBuilder {
  private readonly heights: number[] = [];
  private readonly hashes: Buffer[] = [];
  size = 0;

  /** Adds a leaf already hashed with leafHash(). */
  addLeafHash(leaf: Buffer): void {
    let hash = leaf;
    let height = 0;
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      this.heights.pop();
      hash = nodeHash(this.hashes.pop()!, hash);
      height++;
    }
    this.heights.push(height);
    this.hashes.push(hash);
    this.size++;
  }

  add(data: Buffer | string): void {
    this.addLeafHash(leafHash(data));
  }

  /** The hex root of everything added so far. */
  root(): string {
    if (this.hashes.length === 0) return EMPTY_ROOT;
    let acc = this.hashes[this.hashes.length - 1];
    for (let i = this.hashes.length - 2; i >= 0; i--) acc = nodeHash(this.hashes[i], acc);
    return acc.toString('hex');
  }
}

/**
 * SHA-256 over a segment's canonical serializations, each followed by a newline (canonical JSON
 * never holds a raw newline, so the framing is unambiguous). It binds every column of every entry,
 * so an auditor holding only the public key can tell an exported entry's content is what was
 * checkpointed (current_hash itself is an HMAC they cannot recompute). A plain streaming digest,
 * not a tree: nobody needs inclusion proofs for content, and it costs one hash update per entry.
 */
export class ContentDigest {
  private readonly hash = crypto.createHash('sha256');
  private pending: string[] = [];

  add(canonical: string): void {
    this.pending.push(canonical);
    // Fed in chunks: one native call per 256 entries instead of one each.
    if (this.pending.length === 256) this.flush();
  }

  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.hash.update(this.pending.join('\n') + '\n', 'utf8');
    this.pending = [];
  }
}

/**
 * What a checkpoint signs about its segment: merkle_root, the RFC 6962 tree over the entries'
 * current_hash bytes (the spec's CT-style tree), and content_digest (see ContentDigest).
 *
 * `withMerkle: false` skips the tree, for the database verifier: once a segment's content digest
 * (which covers every previous_hash), its head hash and every link check out, the current_hash
 * values are fixed, so the tree over them cannot differ; computing it would cost a fifth of the
 * verifier's time to learn nothing new. Checkpoint writing and offline export checks build it.
 */
export class SegmentRoots {
  private readonly hashes: MerkleBuilder | null;
  private readonly contents = new ContentDigest();
  size = 0;

  constructor(withMerkle = true) {
    this.hashes = withMerkle ? new MerkleBuilder() : null;
  }

  add(currentHashHex: string, canonical: string): void {
    this.hashes?.addLeafHash(hexLeafHash(currentHashHex));
    this.contents.add(canonical);
    this.size++;
  }

  /** Ends the segment (the content digest cannot take more entries afterwards). merkle_root is null without the tree. */
  roots(): { merkle_root: string | null; content_digest: string } {
    return { merkle_root: this.hashes ? this.hashes.root() : null, content_digest: this.contents.digest() };
  }

  /** Ends the segment, for signing: both values. */
  checkpointRoots(): { merkle_root: string; content_digest: string } {
    if (!this.hashes) throw new Error('a checkpoint needs the Merkle tree');
    return { merkle_root: this.hashes.root(), content_digest: this.contents.digest() };
  }
}
