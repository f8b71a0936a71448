import crypto from 'node:crypto';
import { expect } from 'chai';
import { signedIn, auditEntries, type SignedIn } from '../../../support/identity';

describe('identity api: audit logs', () => {
  let admin: SignedIn;
  let other: SignedIn;

  before(async () => {
    admin = await signedIn(['it_manager']);
    other = await signedIn(['it_manager']);
    // A few events of each organization: role changes are audited in their transactions.
    await admin.post('/roles', { name: 'Audit Probe', permissions: [] }).expect(201);
    await other.post('/roles', { name: 'Foreign Probe', permissions: [] }).expect(201);
  });

  it('when listing, then only the caller\'s organization\'s entries come back, newest first, in the SPA shape', async () => {
    const res = await admin.get('/audit-logs?limit=50').expect(200);
    expect(res.body).to.include({ skip: 0, limit: 50 });
    expect(res.body.total).to.be.at.least(2);
    const row = res.body.logs[0];
    expect(row).to.have.keys(['id', 'timestamp', 'event_type', 'event_category', 'severity', 'user_id', 'username', 'ip_address', 'event_data']);
    expect(row.id).to.be.a('number');
    expect(row.timestamp).to.match(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    const ids = (res.body.logs as Array<{ id: number }>).map((l) => l.id);
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
    const types = (res.body.logs as Array<{ event_type: string; username: string }>);
    expect(types.some((l) => l.event_type === 'position.created')).to.equal(true);
    expect(types.every((l) => l.username !== other.username)).to.equal(true);
  });

  it('when filtering, then search, category, type, severity, user and dates narrow the list', async () => {
    const byType = await admin.get('/audit-logs?event_type=position.created').expect(200);
    expect(byType.body.total).to.equal(1);
    expect(byType.body.logs[0].event_data).to.include({ name: 'Audit Probe' });
    expect((await admin.get('/audit-logs?search=position.cre').expect(200)).body.total).to.equal(1);
    expect((await admin.get('/audit-logs?event_category=positions&severity=info').expect(200)).body.total).to.equal(1);
    expect((await admin.get(`/audit-logs?user_id=${admin.user.id}&event_category=auth`).expect(200)).body.total).to.be.at.least(1);
    expect((await admin.get('/audit-logs?end_date=2000-01-01').expect(200)).body.total).to.equal(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.get(`/audit-logs?start_date=${today}&event_type=position.created`).expect(200)).body.total).to.equal(1);
    expect((await admin.get('/audit-logs?search=%25').expect(200)).body.total).to.equal(0);
  });

  it('when the parameters are out of range, then 422', async () => {
    await admin.get('/audit-logs?limit=501').expect(422);
    await admin.get('/audit-logs?skip=-1').expect(422);
    await admin.get('/audit-logs?severity=loud').expect(422);
    await admin.get('/audit-logs?start_date=yesterday').expect(422);
  });

  it('when reading stats, then totals by severity and category cover the organization only', async () => {
    const res = await admin.get('/audit-logs/stats').expect(200);
    expect(res.body.by_category).to.include.keys(['positions', 'auth']);
    expect(res.body.total).to.equal(Object.values(res.body.by_severity as Record<string, number>).reduce((a, b) => a + b, 0));
  });

  it('when a member without audit.view asks, then 403 and the denial is audited', async () => {
    const member = await signedIn(['member'], { org: admin.org });
    await member.get('/audit-logs').expect(403);
    await member.get('/audit-logs/stats').expect(403);
    await member.get('/security/audit-log/integrity').expect(403);
    await member.get('/security/audit-log/public-key').expect(403);
    const denied = await auditEntries(admin.org.id, 'auth.permission-denied');
    expect(denied.filter((e) => e.userId === member.user.id)).to.have.length(4);
  });

  it('when checking integrity, then the organization\'s chain verifies, and the check is audited', async () => {
    const res = await admin.get('/security/audit-log/integrity').expect(200);
    expect(res.body.verified).to.equal(true);
    expect(res.body.total_checked).to.be.at.least(2);
    expect(res.body).to.include.keys(['first_id', 'last_id', 'errors', 'message']);
    const ranged = await admin.get(`/security/audit-log/integrity?start_id=${res.body.first_id}&end_id=${res.body.first_id}`).expect(200);
    expect(ranged.body.total_checked).to.equal(1);
    expect(await auditEntries(admin.org.id, 'audit.integrity-checked')).to.have.length(2);
  });

  it('when a security manager asks for the public key, then an Ed25519 PEM that parses', async () => {
    const chief = await signedIn(['fire_chief'], { org: admin.org });
    const res = await chief.get('/security/audit-log/public-key').expect(200);
    expect(res.body.algorithm).to.equal('Ed25519');
    expect(crypto.createPublicKey(res.body.public_key_pem).asymmetricKeyType).to.equal('ed25519');
    expect(res.body.key_id).to.be.a('string');
  });
});
