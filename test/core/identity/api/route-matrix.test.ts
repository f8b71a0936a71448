import { expect } from 'chai';
import supertest from 'supertest';
import { Position } from '../../../../core/identity/models/position.model';
import { User } from '../../../../core/identity/models/user.model';
import { app } from '../../identity/support/members';
import { createMember, signedIn, type SignedIn } from '../../../support/identity';
import { callRoute } from './support/route-calls';

// The routes of core/identity/api, read from the generated OpenAPI document so a new route cannot skip the matrix.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openapi = require('../../../../core/generated/openapi.json') as { paths: Record<string, Record<string, { tags?: string[] }>> };
const MINE = /^\/(users(?!\/\{userId\}\/reset-password)|roles|organization|audit-logs|security\/audit-log)/;

interface RouteCase { method: string; path: string }
const routes: RouteCase[] = Object.entries(openapi.paths)
  .filter(([p]) => MINE.test(p))
  .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path })));

describe('identity api: route matrix (from the OpenAPI document)', () => {
  let a: SignedIn;
  let b: SignedIn;
  let bIds: { user: string; role: string };
  let aIds: { user: string; role: string };

  before(async () => {
    a = await signedIn(['it_manager']);
    b = await signedIn(['it_manager']);
    const bMember = await createMember({ org: b.org });
    const aMember = await createMember({ org: a.org });
    const bRole = await Position.findOne({ where: { organizationId: b.org.id, slug: 'historian' } });
    const aRole = await Position.findOne({ where: { organizationId: a.org.id, slug: 'historian' } });
    bIds = { user: bMember.user.id, role: bRole!.id };
    aIds = { user: aMember.user.id, role: aRole!.id };
  });

  it('covers every route of the members, roles, organization and audit API', () => {
    expect(routes.length).to.equal(26);
  });

  it('when a route is called without credentials, then 401', async () => {
    const client = supertest(await app());
    for (const r of routes) {
      const res = await (client as unknown as Record<string, (p: string) => supertest.Test>)[r.method](`/api/v1${r.path.replace('{id}', aIds.user)}`);
      expect(res.status, `${r.method} ${r.path}`).to.equal(401);
    }
  });

  it('when a member of another organization uses organization A\'s ids on any {id} route, then 404 and nothing changes', async () => {
    const before = await User.findByPk(aIds.user, { raw: true });
    for (const r of routes.filter((x) => x.path.includes('{id}'))) {
      const res = await callRoute(b, r, aIds);
      expect(res.status, `${r.method} ${r.path}`).to.equal(404);
    }
    const after = await User.findByPk(aIds.user, { raw: true });
    expect(after).to.deep.equal(before);
    expect((await Position.findByPk(aIds.role))!.name).to.equal('Historian');
    expect(bIds.user).to.be.a('string');
  });

  it('when a member holding no position calls any route, then 403 — except the modules list every member\'s navigation reads', async () => {
    const nobody = await signedIn([], { org: a.org });
    for (const r of routes) {
      const res = await callRoute(nobody, r, aIds);
      const expected = r.method === 'get' && r.path === '/organization/modules' ? 200 : 403;
      expect(res.status, `${r.method} ${r.path}: ${JSON.stringify(res.body)}`).to.equal(expected);
    }
  });
});
