import crypto from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { sha256Hex } from '../../security/token-hash';
import { PasswordResetToken } from '../models/credential.models';

/** 48 random bytes (384 bits, base64url, 64 characters): original-backend §2c, ASVS 6.4.1 asks ≥128. */
export const RESET_TOKEN_BYTES = 48;
/** A link from "forgot password" lives 30 minutes. */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;
/** A link printed by `logbook orgs create` for a new admin lives a day (it is handed over by hand). */
export const INVITE_TOKEN_TTL_MS = 24 * 60 * 60_000;

/**
 * Creates a reset token for a member inside `tx` and returns the plain token (shown once, in the
 * mail). Only its SHA-256 is stored. Every earlier unused token of the member stops working, so
 * only the newest link is ever valid.
 */
export async function issueResetToken(tx: Transaction, userId: string, ttlMs: number = RESET_TOKEN_TTL_MS): Promise<string> {
  const token = crypto.randomBytes(RESET_TOKEN_BYTES).toString('base64url');
  const now = new Date();
  await PasswordResetToken.update({ usedAt: now }, { where: { userId, usedAt: null }, transaction: tx });
  await PasswordResetToken.create({ userId, tokenHash: sha256Hex(token), expiresAt: new Date(now.getTime() + ttlMs) }, { transaction: tx });
  return token;
}

/** A token that is unused and not expired, or null. `lock` takes a row lock for the consuming transaction. */
export async function findLiveToken(token: string, tx?: Transaction): Promise<PasswordResetToken | null> {
  // Anything not shaped like our tokens is refused before touching the database.
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(token)) return null;
  return PasswordResetToken.findOne({
    where: { tokenHash: sha256Hex(token), usedAt: null, expiresAt: { [Op.gt]: new Date() } },
    ...(tx ? { transaction: tx, lock: tx.LOCK.UPDATE } : {}),
  });
}

/** The link the SPA opens: the token travels in the fragment, so it never reaches a server log. */
export function resetLink(allowedOrigins: readonly string[], token: string): string {
  const origin = allowedOrigins.find((o) => o !== '*') ?? 'http://localhost:3000';
  return `${origin}/reset-password#token=${token}`;
}
