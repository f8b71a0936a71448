import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { startServerProcess, type ServerProcess } from '../../support/processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(server: ServerProcess, org: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/fixture/notes`, { headers: { 'X-Fixture-Org': org } });
  await res.arrayBuffer();
  return res.status;
}

/** Polls until `server` answers `expected` for the org; returns how long it took. */
async function timeUntil(server: ServerProcess, org: string, expected: number, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await status(server, org)) === expected) return Date.now() - started;
    await sleep(25);
  }
  throw new Error(`still not ${expected} after ${limitMs} ms`);
}

describe('module toggles across processes (two servers, one MariaDB + Redis)', function () {
  this.timeout(90_000);
  let a: ServerProcess;
  let b: ServerProcess;
  let org: string;
  let other: string;

  before(async () => {
    await getTestKernel();
    org = (await createOrganization('Two Process Dept')).id;
    other = (await createOrganization('Unaffected Dept')).id;
    [a, b] = await Promise.all([startServerProcess(), startServerProcess()]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('when the module is disabled through one process, then the other gates it within 1 s, and re-enabling is seen as fast', async () => {
    expect(await status(a, org)).to.equal(200);
    expect(await status(b, org)).to.equal(200);
    // Toggle through the in-process kernel: a third process sharing the same database and Redis.
    const kernel = await getTestKernel();
    await kernel.moduleConfig.setEnabled(org, 'fixture', false, 'test');
    const [ta, tb] = await Promise.all([timeUntil(a, org, 404, 1000), timeUntil(b, org, 404, 1000)]);
    expect(ta).to.be.below(1000);
    expect(tb).to.be.below(1000);
    expect(await status(b, other)).to.equal(200);

    await kernel.moduleConfig.setEnabled(org, 'fixture', true, 'test');
    expect(await timeUntil(b, org, 200, 1000)).to.be.below(1000);
  });

  it('when one server writes, then the other reads it (stateless processes over one database)', async () => {
    const created = await fetch(`${a.url}/api/v1/fixture/notes`, { method: 'POST', headers: { 'X-Fixture-Org': org, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'written on A' }) });
    expect(created.status).to.equal(201);
    const list = await fetch(`${b.url}/api/v1/fixture/notes`, { headers: { 'X-Fixture-Org': org } });
    expect((await list.json() as Array<{ text: string }>).map((n) => n.text)).to.include('written on A');
  });
});
