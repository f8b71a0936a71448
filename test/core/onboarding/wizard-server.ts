import crypto from 'node:crypto';
import supertest from 'supertest';
import { createDatabase, dropDatabase } from '../../support/mysql-admin';
import { startServerProcess, type ServerProcess } from '../../support/processes';
import { TEST_ENV } from '../../support/env';

/**
 * Onboarding is installation-wide, and the run's shared database already holds organizations, so
 * the wizard runs against a server process of its own on a fresh database (dropped afterwards).
 */
export interface WizardServer {
  server: ServerProcess;
  dbName: string;
  stop(): Promise<void>;
}

export async function startWizardServer(): Promise<WizardServer> {
  const dbName = `${TEST_ENV.DB_NAME}_onb_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(dbName);
  const server = await startServerProcess({ DB_NAME: dbName, REDIS_KEY_PREFIX: `${TEST_ENV.REDIS_KEY_PREFIX}-onb` }, 60_000);
  return {
    server, dbName,
    async stop() {
      await server.stop();
      await dropDatabase(dbName);
    },
  };
}

/** The wizard client's headers (spa-contract §1.2): the session id and the wizard's CSRF token. */
export interface WizardSession {
  sessionId: string;
  csrfToken: string;
}

export function wizardPost(url: string, path: string, session: WizardSession | null, body?: unknown): supertest.Test {
  const req = supertest(url).post(`/api/v1/onboarding/${path}`).set('Content-Type', 'application/json');
  if (session) req.set('X-Session-ID', session.sessionId).set('X-CSRF-Token', session.csrfToken);
  return body === undefined ? req : req.send(body as object);
}

export const ORGANIZATION_BODY = {
  name: 'Maple Ridge Fire Department',
  organization_type: 'fire_ems_combined',
  timezone: 'America/Chicago',
  phone: '555-0100',
  email: 'office@mapleridge.example.org',
  mailing_address: { line1: '1 Engine Way', city: 'Maple Ridge', state: 'IL', zip_code: '60000', country: 'US' },
  physical_address_same: true,
  identifier_type: 'fdid',
  fdid: '12345',
  county: 'Lake',
  founded_year: 1921,
  logo: `data:image/png;base64,${Buffer.from('not really a png but fine').toString('base64')}`,
};

export const OWNER_BODY = {
  username: 'chief_owner',
  email: 'owner@mapleridge.example.org',
  password: 'velvet compass thunder 58',
  password_confirm: 'velvet compass thunder 58',
  first_name: 'Dana',
  last_name: 'Whitfield',
  membership_number: '001',
};
