import { expect } from 'chai';
import { Position } from '../../../../core/identity/models/position.model';
import { UserPosition } from '../../../../core/identity/models/user-position.model';
import { auditEntries, createMember, signedIn, UNKNOWN_ID, type SignedIn } from '../../../support/identity';

describe('identity api: roles', () => {
  let admin: SignedIn;
  let other: SignedIn;

  before(async () => {
    admin = await signedIn(['it_manager']);
    other = await signedIn(['it_manager']);
  });

  it('when listing permissions by category, then the core and fixture categories are there', async () => {
    const res = await admin.get('/roles/permissions/by-category').expect(200);
    const categories = (res.body as Array<{ category: string }>).map((g) => g.category);
    expect(categories).to.include.members(['users', 'positions', 'audit', 'fixture']);
    expect(res.body[0].permissions[0]).to.have.keys(['name', 'description', 'category']);
  });

  it('when listing roles, then the 31 system positions come with user_count, highest priority first', async () => {
    const res = await admin.get('/roles').expect(200);
    expect(res.body).to.have.length(31);
    expect(res.body[0].slug).to.equal('it_manager');
    expect(res.body[0].user_count).to.equal(1);
    expect(res.body[0]).to.include.keys(['id', 'organization_id', 'name', 'slug', 'description', 'permissions', 'is_system', 'priority', 'created_at', 'updated_at']);
  });

  it('when creating a role, then 201, the server makes the slug, and it is audited', async () => {
    const res = await admin.post('/roles', { name: 'Radio Operator', permissions: ['users.view', 'fixture.view'], priority: 30 }).expect(201);
    expect(res.body.slug).to.equal('radio_operator');
    expect(res.body.is_system).to.equal(false);
    const again = await admin.post('/roles', { name: 'Radio  Operator!', permissions: [] }).expect(201);
    expect(again.body.slug).to.equal('radio_operator_2');
    const [entry] = await auditEntries(admin.org.id, 'position.created');
    expect(entry.resourceId).to.be.oneOf([res.body.id, again.body.id]);
  });

  it('when creating with an unknown permission, extra properties or no name, then 422 and nothing is stored', async () => {
    const before = await Position.count({ where: { organizationId: admin.org.id } });
    await admin.post('/roles', { name: 'X', permissions: ['nope.nope'] }).expect(422);
    await admin.post('/roles', { name: 'X', permissions: [], is_system: true }).expect(422);
    await admin.post('/roles', { name: 'X', permissions: [], organization_id: other.org.id }).expect(422);
    await admin.post('/roles', { permissions: [] }).expect(422);
    expect(await Position.count({ where: { organizationId: admin.org.id } })).to.equal(before);
  });

  it('when a member grants a permission they lack, then 403 LB-ROLE-001', async () => {
    const chief = await signedIn(['assistant_chief', 'president']);
    const res = await chief.post('/roles', { name: 'Sneaky', permissions: ['security.manage'] }).expect(403);
    expect(res.body.code).to.equal('LB-ROLE-001');
    await chief.post('/roles', { name: 'Fine', permissions: ['members.manage'] }).expect(201);
    // Editing a position above your own (it_manager holds *) is refused too.
    const it = await Position.findOne({ where: { organizationId: chief.org.id, slug: 'it_manager' } });
    expect((await chief.patch(`/roles/${it!.id}`, { priority: 99 })).status).to.equal(403);
  });

  it('when a plain member calls the write routes, then 403', async () => {
    const member = await signedIn(['member']);
    await member.get('/roles').expect(200);
    await member.post('/roles', { name: 'X', permissions: [] }).expect(403);
    const p = await Position.findOne({ where: { organizationId: member.org.id, slug: 'historian' } });
    await member.patch(`/roles/${p!.id}`, { name: 'X' }).expect(403);
    await member.del(`/roles/${p!.id}`).expect(403);
    expect((await auditEntries(member.org.id, 'auth.permission-denied')).length).to.be.at.least(3);
  });

  it('when updating a role, then the members holding it get the new permissions at once', async () => {
    const created = await admin.post('/roles', { name: 'Hall Keeper', permissions: ['users.view'] }).expect(201);
    const holder = await signedIn(['member'], { org: admin.org });
    await UserPosition.create({ userId: holder.user.id, positionId: created.body.id });
    await holder.post('/roles', { name: 'Nope', permissions: [] }).expect(403);
    const res = await admin.patch(`/roles/${created.body.id}`, { permissions: ['users.view', 'positions.create'], description: 'Keeps the hall' }).expect(200);
    expect(res.body.permissions).to.deep.equal(['positions.create', 'users.view']);
    expect(res.body.slug).to.equal('hall_keeper');
    // Cached permissions were refreshed by the update, not by a TTL.
    await holder.post('/roles', { name: 'Now allowed', permissions: [] }).expect(201);
    const [entry] = await auditEntries(admin.org.id, 'position.updated');
    expect(entry.eventData).to.deep.include({ permissions_added: ['positions.create'], changed: ['description', 'permissions'] });
  });

  it('when removing * from the last holder\'s position, then 409 LB-ROLE-003', async () => {
    const solo = await signedIn(['it_manager']);
    const it = await Position.findOne({ where: { organizationId: solo.org.id, slug: 'it_manager' } });
    const res = await solo.patch(`/roles/${it!.id}`, { permissions: ['users.view'] }).expect(409);
    expect(res.body.code).to.equal('LB-ROLE-003');
    expect((await it!.reload()).permissions).to.deep.equal(['*']);
    // The refusal happened inside the transaction: no audit entry claims a change that did not happen.
    expect(await auditEntries(solo.org.id, 'position.updated')).to.have.length(0);
  });

  it('when deleting a system position, then 409 LB-ROLE-002; a custom one, then 204 and its links go', async () => {
    const sys = await Position.findOne({ where: { organizationId: admin.org.id, slug: 'historian' } });
    expect((await admin.del(`/roles/${sys!.id}`).expect(409)).body.code).to.equal('LB-ROLE-002');
    const created = await admin.post('/roles', { name: 'Temporary', permissions: [] }).expect(201);
    const m = await createMember({ org: admin.org });
    await UserPosition.create({ userId: m.user.id, positionId: created.body.id });
    await admin.del(`/roles/${created.body.id}`).expect(204);
    expect(await Position.findByPk(created.body.id)).to.equal(null);
    expect(await UserPosition.count({ where: { positionId: created.body.id } })).to.equal(0);
    expect(await auditEntries(admin.org.id, 'position.deleted')).to.have.length(1);
  });

  it('when using another organization\'s role id, then 404 like a missing one', async () => {
    const foreign = await other.post('/roles', { name: 'Theirs', permissions: [] }).expect(201);
    for (const id of [foreign.body.id, UNKNOWN_ID]) {
      await admin.patch(`/roles/${id}`, { name: 'Mine now' }).expect(404);
      await admin.del(`/roles/${id}`).expect(404);
    }
    expect((await Position.findByPk(foreign.body.id))!.name).to.equal('Theirs');
  });
});
