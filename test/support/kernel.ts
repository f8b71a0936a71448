import supertest from 'supertest';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../core/config';
import { createLogger } from '../../core/logging/logger';
import { Kernel } from '../../core/kernel/kernel';

let booting: Promise<Kernel> | null = null;

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({ env: { ...process.env, ...overrides } });
}

/**
 * The in-process server shared by the test files of one run (MariaDB + Redis, fixture modules
 * installed, migrations applied). Models bind to one Sequelize instance per process, so there is
 * one kernel per test process; tests that need more processes spawn them (see processes.ts).
 */
export function getTestKernel(): Promise<Kernel> {
  if (!booting) {
    const config = testConfig();
    booting = new Kernel(config, createLogger(config)).boot({ jobs: false });
  }
  return booting;
}

export async function api(): Promise<supertest.Agent> {
  const kernel = await getTestKernel();
  return supertest.agent(kernel.app as Express);
}

export async function closeTestKernel(): Promise<void> {
  if (!booting) return;
  const kernel = await booting.catch(() => null);
  booting = null;
  await kernel?.close();
}
