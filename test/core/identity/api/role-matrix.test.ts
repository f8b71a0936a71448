import { expect } from 'chai';
import { Position } from '../../../../core/identity/models/position.model';
import { parsePermissions } from '../../../../core/identity/permissions/effective-permissions';
import { createMember, signedIn, type SignedIn } from '../../../support/identity';
import { callRoute } from './support/route-calls';

/**
 * Role × route matrix: every route that declares a permission in the OpenAPI document — tsoa's
 * security scopes (all required) or `x-permissions-any` (any one of them, checked in the handler) —
 * called by members who each hold exactly one system position, and by one who holds none. The
 * expectation comes from the positions table as seeded, by the SPA's rule (spa-contract §1.3), so
 * a route whose code and declaration disagree fails here.
 */
interface Operation { security?: Array<Record<string, string[]>>; 'x-permissions-any'?: string[] }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openapi = require('../../../../core/generated/openapi.json') as { paths: Record<string, Record<string, Operation>> };

interface RouteCase { method: string; path: string; all: string[]; any: string[] }
const routes: RouteCase[] = Object.entries(openapi.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({
  method, path, all: op.security?.flatMap((s) => s.session ?? []) ?? [], any: op['x-permissions-any'] ?? [],
}))).filter((r) => r.all.length > 0 || r.any.length > 0);

/** A representative spread of the 31: full access, chiefs, association officers, company ranks. */
const POSITIONS = ['it_manager', 'fire_chief', 'president', 'secretary', 'membership_coordinator', 'training_officer', 'captain', 'firefighter', 'member'];

/** The SPA's checkPermission: `*` grants all, `mod.*` a whole module, otherwise exact. */
function grants(held: readonly string[], wanted: string): boolean {
  return held.includes('*') || held.includes(wanted) || held.includes(`${wanted.split('.')[0]}.*`);
}

function allowed(held: readonly string[], r: RouteCase): boolean {
  return r.all.every((p) => grants(held, p)) && (r.any.length === 0 || r.any.some((p) => grants(held, p)));
}

/** Its own user and role names: every allowed position creates them in the same organization. */
const BODIES: Record<string, object> = {
  'post /users': { username: 'role.matrix', email: 'role.matrix@example.org', first_name: 'R', last_name: 'M' },
  'post /roles': { name: 'Role Matrix', permissions: [] },
  'patch /roles/{id}': { description: 'role matrix' },
};

describe('identity api: role × route matrix (OpenAPI permissions against the positions table)', function () {
  this.timeout(60_000);
  const members = new Map<string, { who: SignedIn; held: string[] }>();
  let ids: { user: string; role: string };

  before(async () => {
    const first = await signedIn([POSITIONS[0]]);
    members.set(POSITIONS[0], { who: first, held: [] });
    for (const slug of POSITIONS.slice(1)) members.set(slug, { who: await signedIn([slug], { org: first.org }), held: [] });
    members.set('(none)', { who: await signedIn([], { org: first.org }), held: [] });
    const table = await Position.findAll({ where: { organizationId: first.org.id }, attributes: ['slug', 'permissions'], raw: true });
    for (const [slug, m] of members) m.held = slug === '(none)' ? [] : parsePermissions(table.find((p) => p.slug === slug)?.permissions);
    const target = await createMember({ org: first.org });
    const role = await Position.findOne({ where: { organizationId: first.org.id, slug: 'historian' }, attributes: ['id'], raw: true });
    ids = { user: target.user.id, role: role!.id };
  });

  it('reads a declared permission for every route that checks one (scopes or x-permissions-any)', () => {
    expect(routes.length).to.equal(27);
    for (const p of ['/users/{id}/roles', '/organization/modules', '/security/audit-log/integrity', '/users/{userId}/reset-password', '/auth/mfa/policy']) {
      expect(routes.some((r) => r.path === p), p).to.equal(true);
    }
  });

  it('when a member holds exactly one position (or none), then each route answers 403 exactly when that position lacks its permission', async () => {
    const wrong: string[] = [];
    let denied = 0;
    let admitted = 0;
    // Mutating routes last, reads first, so a delete cannot turn a later read's answer into a 404 that hides a 403.
    const order = [...routes].sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
    for (const [slug, m] of members) {
      for (const r of order) {
        const res = await callRoute(m.who, r, ids, BODIES);
        const expectForbidden = !allowed(m.held, r);
        if ((res.status === 403) !== expectForbidden) wrong.push(`${slug}: ${r.method} ${r.path} → ${res.status}, expected ${expectForbidden ? '403' : 'not 403'}`);
        if (expectForbidden) denied++; else admitted++;
      }
    }
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
    // The spread must exercise both sides for the matrix to mean anything.
    expect(denied).to.be.above(50);
    expect(admitted).to.be.above(50);
  });
});
