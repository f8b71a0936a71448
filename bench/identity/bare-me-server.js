'use strict';
/**
 * The baseline for `GET /api/v1/auth/me`: node:http + mysql2 + ioredis doing what our request path
 * must do, and nothing around it (no framework, no access log, no security headers):
 *   1. read the access_token cookie and verify the HS256 JWT (signature, issuer, type, expiry), with
 *      the key derived from SECRET_KEY exactly as core/security/jwt-tokens.ts derives it;
 *   2. read the session from Redis under our key layout; on a miss read the `sessions` row and cache
 *      it (set-if-absent); refuse a revoked one, another token's, or one past its absolute or idle
 *      limit; record activity (row + cache) once per touch interval, as our code does;
 *   3. read the member (status, organization active and timezone) and their positions, and answer
 *      the CurrentUser body of spa-contract §2.2.
 * Environment: DB_* and REDIS_* as the server's, SECRET_KEY, SESSION_IDLE_MINUTES, DB_POOL_MAX.
 * Reports its port over IPC like core/main.ts.
 */
const crypto = require('node:crypto');
const http = require('node:http');
const mysql = require('mysql2/promise');
const Redis = require('ioredis');

const env = process.env;
const KEY = Buffer.from(crypto.hkdfSync('sha256', Buffer.from(env.SECRET_KEY, 'utf8'), Buffer.from('logbook-jwt', 'utf8'), Buffer.from('logbook jwt hs256 v1', 'utf8'), 32));
const IDLE_MS = Number(env.SESSION_IDLE_MINUTES || 15) * 60_000;
const TOUCH_MS = Math.min(60_000, Math.floor(IDLE_MS / 4));
const PREFIX = env.REDIS_KEY_PREFIX || 'logbook';

const pool = mysql.createPool({
  ...(env.DB_SOCKET ? { socketPath: env.DB_SOCKET } : { host: env.DB_HOST, port: Number(env.DB_PORT || 3306) }), user: env.DB_USER, password: env.DB_PASSWORD || '', database: env.DB_NAME,
  connectionLimit: Number(env.DB_POOL_MAX || 10), charset: 'utf8mb4', timezone: 'Z', dateStrings: false,
});
const redis = new Redis({ host: env.REDIS_HOST, port: Number(env.REDIS_PORT || 6379), enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 250 });

const b64url = (s) => Buffer.from(s, 'base64url');
const sha256Hex = (s) => crypto.createHash('sha256').update(s).digest('hex');

/** The claims of a valid access token, or null. */
function verifyJwt(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const mac = crypto.createHmac('sha256', KEY).update(`${parts[0]}.${parts[1]}`).digest();
  const sig = b64url(parts[2]);
  if (sig.length !== mac.length || !crypto.timingSafeEqual(sig, mac)) return null;
  let header; let claims;
  try { header = JSON.parse(b64url(parts[0]).toString('utf8')); claims = JSON.parse(b64url(parts[1]).toString('utf8')); } catch { return null; }
  if (header.alg !== 'HS256' || claims.iss !== 'the-logbook' || claims.typ !== 'access') return null;
  if (typeof claims.sub !== 'string' || typeof claims.org !== 'string' || typeof claims.sid !== 'string' || typeof claims.jti !== 'string') return null;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
  return claims;
}

function accessCookie(req) {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'access_token') return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The session check: Redis first, the row on a miss; true when the session may proceed. */
async function checkSession(c) {
  const key = `${PREFIX}:org:${c.org}:auth:sess:${c.sid}`;
  let raw = await redis.get(key);
  let s;
  if (raw === null) {
    const [rows] = await pool.query('SELECT user_id, organization_id, access_token_hash, expires_at, last_activity_at, revoked_at FROM sessions WHERE id = ?', [c.sid]);
    const row = rows[0];
    if (!row || row.organization_id !== c.org || row.user_id !== c.sub || row.revoked_at) return false;
    s = { uid: row.user_id, org: row.organization_id, ah: row.access_token_hash, exp: row.expires_at.getTime(), la: row.last_activity_at.getTime() };
    await redis.set(key, JSON.stringify(s), 'EX', Math.max(60, Math.ceil((s.exp - Date.now()) / 1000)), 'NX');
  } else {
    s = JSON.parse(raw);
  }
  const ah = sha256Hex(c.jti);
  if (s.revoked || s.uid !== c.sub || s.ah.length !== ah.length || !crypto.timingSafeEqual(Buffer.from(s.ah), Buffer.from(ah))) return false;
  const now = Date.now();
  if (now >= s.exp || now - s.la > IDLE_MS) return false;
  if (now - s.la >= TOUCH_MS) {
    await pool.query('UPDATE sessions SET last_activity_at = ? WHERE id = ? AND revoked_at IS NULL', [new Date(now), c.sid]);
    await redis.set(key, JSON.stringify({ ...s, la: now }), 'EX', Math.max(60, Math.ceil((s.exp - now) / 1000)));
  }
  return true;
}

async function currentUser(c) {
  const [[users], [positions]] = await Promise.all([
    pool.query(`SELECT u.id, u.username, u.email, u.first_name, u.last_name, u.organization_id, u.rank, u.platoon, u.membership_type, u.status,
        u.email_verified, u.mfa_enabled, u.must_change_password, o.timezone, o.active
      FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ? AND u.organization_id = ? AND u.deleted_at IS NULL`, [c.sub, c.org]),
    pool.query(`SELECT p.name, p.slug, p.permissions FROM user_positions up JOIN positions p ON p.id = up.position_id
      WHERE up.user_id = ? AND p.organization_id = ? ORDER BY p.priority DESC, p.name ASC`, [c.sub, c.org]),
  ]);
  const u = users[0];
  if (!u || !u.active || !['active', 'probationary', 'leave'].includes(u.status)) return null;
  const permissions = new Set();
  for (const p of positions) for (const perm of (typeof p.permissions === 'string' ? JSON.parse(p.permissions) : p.permissions)) permissions.add(perm);
  const fullName = [u.first_name, u.last_name].filter(Boolean).join(' ').trim() || null;
  return {
    id: u.id, username: u.username, email: u.email, first_name: u.first_name, last_name: u.last_name, full_name: fullName,
    organization_id: u.organization_id, timezone: u.timezone, roles: positions.map((p) => p.slug), positions: positions.map((p) => p.name),
    rank: u.rank, platoon: u.platoon, membership_type: u.membership_type ?? null, permissions: [...permissions].sort(), is_active: true,
    email_verified: Boolean(u.email_verified), mfa_enabled: Boolean(u.mfa_enabled), mfa_enrollment_required: false,
    password_expired: false, must_change_password: Boolean(u.must_change_password),
  };
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/api/v1/auth/me') return send(res, 404, { detail: 'Not found' });
  const token = accessCookie(req);
  const claims = token ? verifyJwt(token) : null;
  if (!claims) return send(res, 401, { detail: 'Not authenticated' });
  checkSession(claims)
    .then((ok) => (ok ? currentUser(claims) : null))
    .then((user) => (user ? send(res, 200, user) : send(res, 401, { detail: 'Session ended' })))
    .catch(() => send(res, 503, { detail: 'Service unavailable' }));
});

server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: server.address().port }));
process.once('SIGTERM', () => { server.close(); server.closeAllConnections(); pool.end().catch(() => undefined); redis.disconnect(); });
