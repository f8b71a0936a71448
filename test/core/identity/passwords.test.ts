import os from 'node:os';
import { expect } from 'chai';
import supertest from 'supertest';
import { app, asSpa, createMember, loginAs, resetLoginThrottles, type TestMember } from './support/members';
import { PasswordPolicy } from '../../../core/security/passwords/password-policy';
import { calibrateArgon2 } from '../../../core/security/passwords/argon2-calibration';
import { PasswordHasher } from '../../../core/security/passwords/password-hasher';
import { commonPasswords } from '../../../core/security/passwords/common-passwords';
import { ConcurrencyLimiter } from '../../../core/security/concurrency-limiter';
import { User, identityKey } from '../../../core/identity/models/user.model';
import { sha256Hex } from '../../../core/security/token-hash';
import { TooManyRequestsError } from '../../../core/http/errors';
import { getTestKernel } from '../../support/kernel';
import { LoginService } from '../../../core/identity/auth/login.service';
import { SessionService } from '../../../core/identity/auth/session.service';
import { JwtTokens } from '../../../core/security/jwt-tokens';
import { AUDIT_RECORDER } from '../../../core/audit/audit.types';
import { auditEntries } from '../../support/identity';

const policy = new PasswordPolicy({ minLength: 12, maxLength: 128 });
const ctx = { username: 'jsmith', email: 'john.smith@example.org', organizationName: 'Springfield Fire Department', organizationSlug: 'springfield-fd' };

describe('security: password policy (NIST 800-63B-4 / ASVS 6.2 with a 12-character default)', () => {
  it('when the password is 11 characters, then it is refused; 12 is accepted', () => {
    expect(policy.problems('abcdefghxyz', ctx)).to.deep.equal(['must be at least 12 characters']);
    expect(policy.problems('qwzx plum vk', ctx)).to.deep.equal([]);
  });

  it('when it is 128 characters with spaces, Unicode and emoji it is accepted; 129 is refused (counted in characters)', () => {
    const emoji = '🚒'.repeat(64) + 'ü kettle '.repeat(7) + 't';
    expect([...emoji].length).to.equal(128);
    expect(policy.problems(emoji, ctx)).to.deep.equal([]);
    expect(policy.problems(emoji + 'x', ctx)).to.deep.equal(['must be at most 128 characters']);
  });

  it('when a passphrase has no digits or symbols (correct horse battery staple), then it is accepted (no composition rules)', () => {
    expect(policy.problems('correct horse battery staple', ctx)).to.deep.equal([]);
  });

  it('when it is on the common list (any case), then it is refused; the bundled list has at least 10,000 entries', () => {
    expect(commonPasswords().size).to.be.greaterThan(10_000);
    for (const common of ['password1234', 'Qwertyuiop123', '1q2w3e4r5t6y']) expect(policy.problems(common, ctx).join()).to.include('too common');
  });

  it('when it contains the username, the email name or the organization name (any case), then it is refused', () => {
    for (const pw of ['my JSmith passphrase', 'john.smith forever 9', 'SPRINGFIELD rocks 2024', 'springfieldfiredepartment!']) {
      expect(policy.problems(pw, ctx).join(), pw).to.include('must not contain');
    }
    expect(policy.problems('fire department ladder 7', ctx)).to.deep.equal([]);
  });
});

describe('security: argon2id hashing', () => {
  const hasher = new PasswordHasher();

  it('when a password is hashed, then the stored hash says argon2id with m ≥ 19456, t ≥ 2, p = 1', async () => {
    const hash = await hasher.hash('lantern orbit meadow 42');
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
    expect(m, hash).to.not.equal(null);
    expect(Number(m![1])).to.be.at.least(19456);
    expect(Number(m![2])).to.be.at.least(2);
    expect(Number(m![3])).to.equal(1);
  });

  it('when two 80-byte passwords share their first 72 bytes, or differ in case only, then only the exact one verifies (no truncation, no folding)', async () => {
    const base = 'a'.repeat(72);
    const hash = await hasher.hash(base + 'bbbbbbbb');
    expect(await hasher.verify(hash, base + 'bbbbbbbb')).to.equal(true);
    expect(await hasher.verify(hash, base + 'cccccccc')).to.equal(false);
    const caseHash = await hasher.hash('Lantern Orbit Meadow');
    expect(await hasher.verify(caseHash, 'lantern orbit meadow')).to.equal(false);
  });

  it('when a hash was made with weaker parameters, then it needs a rehash', async () => {
    const argon2 = await import('argon2');
    const weak = await argon2.hash('x', { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
    expect(hasher.needsRehash(weak)).to.equal(true);
    expect(hasher.needsRehash(await hasher.hash('x'))).to.equal(false);
    // Another argon2 variant at the very same m, t, p is replaced too (argon2's own check ignores the variant).
    const argon2i = await argon2.hash('x', { type: argon2.argon2i, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(hasher.needsRehash(argon2i)).to.equal(true);
  });

  it('when a cost above the floor is configured, then hashes carry it, floor hashes need a rehash, and a cost below the floor is refused', async () => {
    const stronger = new PasswordHasher({ cost: { memoryCost: 19456, timeCost: 3 } });
    const hash = await stronger.hash('lantern orbit meadow 42');
    expect(hash).to.match(/^\$argon2id\$v=19\$m=19456,t=3,p=1\$/);
    expect(await stronger.verify(hash, 'lantern orbit meadow 42')).to.equal(true);
    expect(stronger.needsRehash(hash)).to.equal(false);
    expect(stronger.needsRehash(await hasher.hash('x'))).to.equal(true);
    expect(Object.isFrozen(stronger.parameters), 'nothing can lower the cost afterwards').to.equal(true);
    expect(() => new PasswordHasher({ cost: { memoryCost: 19456, timeCost: 1 } })).to.throw(/below the floor/);
    expect(() => new PasswordHasher({ cost: { memoryCost: 8192, timeCost: 4 } })).to.throw(/below the floor/);
  });

  it('when a sign-in\'s wrong password meets a hash cheaper than the configured cost, then it answers no sooner than one at that cost (no enumeration after a cost raise)', async function () {
    this.timeout(60_000);
    const cheap = await hasher.hash('old cheap password 1');
    const timed = async (work: () => Promise<boolean>): Promise<number> => {
      const started = performance.now();
      expect(await work()).to.equal(false);
      return performance.now() - started;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // A fresh process has timed nothing yet: the first even answer still waits for a configured-cost one.
    const stronger = new PasswordHasher({ cost: { memoryCost: 19456, timeCost: 4 } });
    const first = await timed(() => stronger.verify(cheap, 'wrong password', { evenTiming: true }));
    const current = await stronger.hash('current strong password 1');
    const configured: number[] = [];
    const even: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < 5; i++) {
      configured.push(await timed(() => stronger.verify(current, 'wrong password', { evenTiming: true })));
      even.push(await timed(() => stronger.verify(cheap, 'wrong password', { evenTiming: true })));
      plain.push(await timed(() => stronger.verify(cheap, 'wrong password')));
    }
    const [c, e, p] = [median(configured), median(even), median(plain)];
    const shown = `configured ${c.toFixed(1)} ms, even ${e.toFixed(1)} ms, plain ${p.toFixed(1)} ms, first ${first.toFixed(1)} ms`;
    expect(p, `the gap being closed: ${shown}`).to.be.below(0.8 * c);
    expect(e, shown).to.be.within(0.85 * c, 1.25 * c);
    expect(first, shown).to.be.at.least(0.85 * c);
    // The right password is never held back.
    const right = performance.now();
    expect(await stronger.verify(cheap, 'old cheap password 1', { evenTiming: true })).to.equal(true);
    expect(performance.now() - right, shown).to.be.below(0.8 * c);
  });

  it('when argon2id is calibrated, then it tries t = 2, 3, ... and stops at the first pass count reaching the target', async function () {
    this.timeout(60_000);
    const quick = await calibrateArgon2({ targetMs: 1, samples: 1 });
    expect(quick).to.include({ timeCost: 2, reachedTarget: true, memoryCost: 19456 });
    expect(quick.steps).to.have.length(1);
    // A target well above what t = 2 takes (each pass adds about half of it) needs more passes; the steps climb to it and stop there.
    const target = Math.ceil(quick.steps[0].msPerHash * 2.5);
    const result = await calibrateArgon2({ targetMs: target, samples: 3 });
    expect(result.reachedTarget).to.equal(true);
    expect(result.timeCost).to.be.above(2);
    expect(result.steps.map((s) => s.timeCost)).to.deep.equal(Array.from({ length: result.timeCost - 1 }, (_v, i) => i + 2));
    expect(result.steps[result.steps.length - 1].msPerHash).to.be.at.least(target);
    for (const s of result.steps.slice(0, -1)) expect(s.msPerHash).to.be.below(target);
    await calibrateArgon2({ memoryCost: 1024 }).then(() => { throw new Error('a memory cost below the floor was accepted'); }, (err: Error) => expect(err.message).to.match(/below the floor/));
    await calibrateArgon2({ samples: 0 }).then(() => { throw new Error('zero samples were accepted'); }, (err: Error) => expect(err.message).to.match(/samples/));
  });

  it('when more work arrives than the limiter admits, then the excess gets 429 at once', async () => {
    const limiter = new ConcurrencyLimiter(1, 1);
    let release!: () => void;
    const blocker = new Promise<void>((r) => { release = r; });
    const first = limiter.run(() => blocker);
    const second = limiter.run(async () => 'queued');
    expect(limiter.saturated).to.equal(true);
    expect(() => limiter.admitOrRefuse()).to.throw(TooManyRequestsError);
    const third = limiter.run(async () => 'refused').catch((e: unknown) => e);
    expect(await third).to.be.instanceOf(TooManyRequestsError);
    release();
    await first;
    expect(await second).to.equal('queued');
    expect(limiter.saturated).to.equal(false);
    expect(() => limiter.admitOrRefuse()).to.not.throw();
  });
});

describe('identity: sign in with exact Unicode passwords and rehash on login', () => {
  beforeEach(resetLoginThrottles);

  it('when every hashing slot is busy and the queue is full, then a sign-in gets 429 LB-RATE-002 at once, and it counted no attempt and wrote no audit entry', async () => {
    const m = await createMember();
    const kernel = await getTestKernel();
    const hasher = kernel.container.get(PasswordHasher);
    const cores = Math.max(1, os.availableParallelism());
    // Exactly what the bound admits (cores hashing + 4 per core queued): the next one is refused.
    const filling = Array.from({ length: cores * 5 }, () => hasher.hash('x'.repeat(16)));
    try {
      const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: m.username, password: 'wrong password here' });
      expect(res.status).to.equal(429);
      expect(res.body.code).to.equal('LB-RATE-002');
      expect(res.headers['retry-after']).to.equal('1');
    } finally {
      await Promise.all(filling);
    }
    // Refused before the attempt throttle ran: probing the account's attempt window finds only the probe.
    const probe = await kernel.cache.hit(`login:acct:${sha256Hex(identityKey(m.username)).slice(0, 32)}`, 1000, 60_000);
    expect(probe.count, 'hits in the account window').to.equal(1);
    const row = await User.findByPk(m.user.id);
    expect(row!.failedLoginCount, 'the refused attempt was not checked, so not counted').to.equal(0);
    expect(await auditEntries(m.org.id, 'auth.login-failed')).to.have.length(0);
    expect((await supertest(await app()).post('/api/v1/auth/login').send({ username: m.username, password: m.password })).status).to.equal(200);
  });

  it('when the password is 128 characters of emoji and accents, then exactly that string signs in and a changed one does not', async () => {
    const password = '🚒🔥 ' + 'ünïcödé '.repeat(15) + 'ok';
    const m = await createMember({ password });
    expect((await supertest(await app()).post('/api/v1/auth/login').send({ username: m.username, password })).status).to.equal(200);
    expect((await supertest(await app()).post('/api/v1/auth/login').send({ username: m.username, password: password.normalize('NFD') })).status).to.equal(401);
  });

  it('when the cost was raised and a member still holds a cheaper hash, then a wrong password for them takes as long as one for an unknown name', async function () {
    this.timeout(60_000);
    const kernel = await getTestKernel();
    const c = kernel.container;
    // The same sign-in, on a server configured above the cost this member's hash was made with.
    const stronger = new PasswordHasher({ cost: { memoryCost: 19456, timeCost: 4 } });
    const login = new LoginService(kernel.config, kernel.db, kernel.cache, stronger, c.get(JwtTokens), c.get(SessionService), c.get(AUDIT_RECORDER));
    const m = await createMember();
    const meta = { ip: null, userAgent: 'timing test', requestId: null };
    const refused = async (identifier: string): Promise<number> => {
      const started = performance.now();
      const err = await login.login(identifier, 'not the password 123', meta).then(() => null, (e: unknown) => e);
      const ms = performance.now() - started;
      expect(err).to.have.property('status', 401);
      return ms;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      unknown.push(await refused(`nobody-${i}-${m.username}`));
      known.push(await refused(m.username));
      await User.update({ failedLoginCount: 0, lockedUntil: null }, { where: { id: m.user.id } });
    }
    const [k, u] = [median(known), median(unknown)];
    expect(k / u, `known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`).to.be.within(0.8, 1.25);
  });

  it('when the stored hash uses old parameters, then a successful login replaces it', async () => {
    const argon2 = await import('argon2');
    const m = await createMember();
    await User.update({ passwordHash: await argon2.hash(m.password, { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 }) }, { where: { id: m.user.id } });
    expect((await supertest(await app()).post('/api/v1/auth/login').send({ username: m.username, password: m.password })).status).to.equal(200);
    const row = await User.findByPk(m.user.id, { attributes: ['id', 'passwordHash'], raw: true });
    expect(row!.passwordHash).to.match(/m=19456,t=2,p=1/);
  });
});

describe('identity: change password', () => {
  let member: TestMember;
  beforeEach(async () => { await resetLoginThrottles(); member = await createMember(); });

  async function change(jar: Record<string, string>, current: string, next: string) {
    return asSpa(supertest(await app()).post('/api/v1/auth/change-password'), jar).send({ current_password: current, new_password: next });
  }

  it('when the current password is wrong, then 400 (not 401, which would log the SPA out)', async () => {
    const res = await change(await loginAs(member), 'not my password', 'violet harbor thunder 88');
    expect(res.status).to.equal(400);
    expect(res.body.code).to.equal('LB-AUTH-010');
  });

  it('when the new password breaks the policy, then 422 with field new_password', async () => {
    const jar = await loginAs(member);
    for (const bad of ['short', 'password1234', `${member.username} is me`]) {
      const res = await change(jar, member.password, bad);
      expect(res.status, bad).to.equal(422);
      expect(res.body.detail[0].field).to.equal('new_password');
    }
  });

  it('when a password from the last 12 is reused (including the current one), then 422; an older one is accepted', async () => {
    const jar = await loginAs(member);
    expect((await change(jar, member.password, member.password)).status).to.equal(422);
    let current = member.password;
    const used: string[] = [];
    for (let i = 0; i < 12; i++) {
      const next = `violet harbor thunder ${i}x${i}`;
      expect((await change(jar, current, next)).status, `change ${i}`).to.equal(200);
      used.push(next);
      current = next;
    }
    expect((await change(jar, current, used[5])).status).to.equal(422);
    // The original password is now 13 changes back: allowed again.
    expect((await change(jar, current, member.password)).status).to.equal(200);
  });

  it('when the password is changed, then the new one signs in, the old one does not, and must_change_password is cleared', async () => {
    await User.update({ mustChangePassword: true }, { where: { id: member.user.id } });
    const jar = await loginAs(member);
    expect((await change(jar, member.password, 'violet harbor thunder 88')).status).to.equal(200);
    expect((await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password })).status).to.equal(401);
    const ok = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: 'violet harbor thunder 88' });
    expect(ok.status).to.equal(200);
    expect(ok.body.user.must_change_password).to.equal(false);
  });
});
