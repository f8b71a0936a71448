import { expect } from 'chai';
import supertest from 'supertest';
import { generate } from 'otplib';
import { createMember, jarFrom, cookieHeader, resetLoginThrottles } from './support/members';
import { startServerProcess, type ServerProcess } from '../../support/processes';
import { User } from '../../../core/identity/models/user.model';

describe('identity: no secrets in the logs (sentinel values through login, MFA and password flows)', () => {
  let server: ServerProcess;

  before(async function () {
    this.timeout(60_000);
    await resetLoginThrottles();
    server = await startServerProcess({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
  });
  after(async () => { await server?.stop(); await resetLoginThrottles(); });

  it('when a sentinel password, MFA secret, recovery codes and tokens go through every auth flow, then none appears in the server log', async function () {
    this.timeout(60_000);
    const sentinelPassword = 'SENTINEL-pw-7f3a9c quartz';
    const sentinelNew = 'SENTINEL-newpw-b81e44 harbor';
    const sentinelWrong = 'SENTINEL-wrongpw-c0ffee lamp';
    const m = await createMember({ password: sentinelPassword });
    const http = () => supertest(server.url);
    const secrets: string[] = [sentinelPassword, sentinelNew, sentinelWrong];

    await http().post('/api/v1/auth/login').send({ username: m.username, password: sentinelWrong });
    await http().post('/api/v1/auth/login').send({ username: 'sentinel-nobody', password: sentinelWrong });
    const login = await http().post('/api/v1/auth/login').send({ username: m.username, password: sentinelPassword });
    expect(login.status).to.equal(200);
    let jar = jarFrom(login);
    secrets.push(jar.access_token, jar.refresh_token, jar.csrf_token);
    const as = (req: supertest.Test) => req.set('Cookie', cookieHeader(jar)).set('X-CSRF-Token', jar.csrf_token);

    const setup = await as(http().post('/api/v1/auth/mfa/setup')).send({});
    const secret = setup.body.secret as string;
    secrets.push(secret);
    const verified = await as(http().post('/api/v1/auth/mfa/verify-setup')).send({ code: await generate({ secret }) });
    expect(verified.status).to.equal(200);
    secrets.push(...(verified.body.recovery_codes as string[]));

    const challenge = await http().post('/api/v1/auth/login').send({ username: m.username, password: sentinelPassword });
    secrets.push(challenge.body.mfa_token);
    const mfa = await http().post('/api/v1/auth/mfa/login').send({ temp_token: challenge.body.mfa_token, recovery_code: verified.body.recovery_codes[0] });
    expect(mfa.status).to.equal(200);
    jar = jarFrom(mfa);
    secrets.push(jar.access_token, jar.refresh_token);
    const refreshed = await http().post('/api/v1/auth/refresh').set('Cookie', cookieHeader(jar)).set('X-CSRF-Token', jar.csrf_token);
    jar = jarFrom(refreshed, jar);
    secrets.push(jar.access_token, jar.refresh_token);
    expect((await as(http().post('/api/v1/auth/change-password')).send({ current_password: sentinelWrong, new_password: sentinelNew })).status).to.equal(400);
    expect((await as(http().post('/api/v1/auth/change-password')).send({ current_password: sentinelPassword, new_password: sentinelNew })).status).to.equal(200);
    await as(http().post('/api/v1/auth/logout')).send({});
    await User.update({ mfaEnabled: false }, { where: { id: m.user.id } });

    await server.stop();
    const log = server.output();
    expect(log.length, 'the server logged at trace level').to.be.greaterThan(1000);
    for (const s of secrets) expect(log.includes(s), `log contains a secret (${s.slice(0, 12)}...)`).to.equal(false);
  });
});
