'use strict';
/**
 * Our compiled server (dist/core/main.js, unchanged) with one addition for the identity bench: the
 * raw argon2id baseline runs in the same process, on the bench's request over IPC, while no login
 * is in flight. `{type: 'raw-argon2', hash, password, concurrency, seconds}` warms up for a second,
 * verifies `concurrency` at a time for `seconds` and answers
 * `{type: 'raw-argon2-result', perSec, verifications, cpuMsEach}`.
 *
 * Why in the same process: on these virtual machines the CPU one verification costs is steady
 * within a process but differs between processes by 5-10 % (six fresh processes in a row: 22.0 to
 * 23.2 ms; over one bench run, fresh processes got faster as the run went on while a long-lived
 * server did not), most likely with where the host backs the 19 MiB each hashing thread reuses. A
 * baseline in another process measured that luck as much as our overhead. Here both sides hash on
 * the same libuv threads with the same buffers, so the ratio is what the rest of a login costs.
 */
const path = require('node:path');
const argon2 = require('argon2');

async function rawArgon2({ hash, password, concurrency, seconds }) {
  const warm = Date.now() + 1000;
  while (Date.now() < warm) await argon2.verify(hash, password);
  let verifications = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      if (!(await argon2.verify(hash, password))) throw new Error('argon2 rejected the bench password');
      verifications++;
    }
  }));
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { perSec: verifications / elapsedS, verifications, cpuMsEach: (cpu.user + cpu.system) / 1000 / verifications };
}

process.on('message', (msg) => {
  if (!msg || msg.type !== 'raw-argon2') return;
  rawArgon2(msg).then(
    (result) => process.send({ type: 'raw-argon2-result', ...result }),
    (err) => process.send({ type: 'raw-argon2-result', error: err.message }),
  );
});

require(path.resolve(__dirname, '..', '..', 'dist', 'core', 'main.js'));
