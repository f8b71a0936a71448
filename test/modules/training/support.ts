import { expect } from 'chai';
import type supertest from 'supertest';
import { createSeededOrganization, signedIn, type SignedIn } from '../../support/identity';
import type { Organization } from '../../../core/identity/models/organization.model';

/**
 * One department with the people training tests need: a training officer (training.*), a
 * lieutenant (training.view_all, not manage) and two plain members (training.view), plus a second
 * department whose officer must never see or touch the first one's data.
 */
export interface TrainingWorld {
  org: Organization;
  officer: SignedIn;
  lieutenant: SignedIn;
  member: SignedIn;
  other: SignedIn;
  foreign: SignedIn;
}

export async function trainingWorld(): Promise<TrainingWorld> {
  const org = await createSeededOrganization('Cedar Falls Fire Department');
  const foreignOrg = await createSeededOrganization('Pine Hollow Fire District');
  const [officer, lieutenant, member, other, foreign] = await Promise.all([
    signedIn(['training_officer'], { org }),
    signedIn(['lieutenant'], { org }),
    signedIn(['member'], { org }),
    signedIn(['member'], { org }),
    signedIn(['training_officer'], { org: foreignOrg }),
  ]);
  return { org, officer, lieutenant, member, other, foreign };
}

/** A 422 naming `field` (spa-contract §1.5: `{detail: [{field, message}], code: LB-VAL-001}`). */
export function expect422(res: supertest.Response, field: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(422);
  expect(res.body.code).to.equal('LB-VAL-001');
  const fields = (res.body.detail as Array<{ field: string }>).map((d) => d.field);
  expect(fields.some((f) => f === field || f.endsWith(`.${field}`) || f.startsWith(`${field}`)), `fields: ${fields.join(', ')}`).to.equal(true);
}

export function expectStatus(res: supertest.Response, status: number, code?: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  if (code) expect(res.body.code).to.equal(code);
}

export async function createCourse(officer: SignedIn, body: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const res = await officer.post('/training/courses', { name: `Course ${Math.random().toString(36).slice(2, 8)}`, training_type: 'continuing_education', ...body });
  expectStatus(res, 201);
  return res.body as { id: string; name: string };
}

export async function createRecord(officer: SignedIn, body: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  const res = await officer.post('/training/records', { status: 'completed', ...body });
  expectStatus(res, 201);
  return res.body as Record<string, unknown> & { id: string };
}

export async function createRequirement(officer: SignedIn, body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const res = await officer.post('/training/requirements', { frequency: 'annual', ...body });
  expectStatus(res, 201);
  return res.body as { id: string; name: string };
}
