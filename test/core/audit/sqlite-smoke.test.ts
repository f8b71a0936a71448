import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

interface Brief { intact: boolean; checked: number; problems: Array<{ kind: string; seq: number; to_seq?: number }> }
interface SmokeResult { dialect: string; storedTimestamp: string; seqs: number[]; clean: Brief; chains: string[]; exported: Brief; modified: Brief; truncated: Brief }

describe('audit log: smoke on the embedded SQLite profile', function () {
  this.timeout(120_000);

  it('when the log runs on SQLite, then concurrent appends chain gaplessly, timestamps keep their microseconds, exports verify and tampering is caught', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-audit-sqlite-'));
    try {
      const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(__dirname, 'support', 'sqlite-smoke.ts')], {
        cwd: path.resolve(__dirname, '..', '..', '..'),
        env: { ...process.env, DB_HOST: '', REDIS_HOST: '', DATA_DIR: dataDir, AUDIT_CHECKPOINT_EVERY: '5', AUDIT_CHECKPOINT_SINK: path.join(dataDir, 'sink.jsonl') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, stderr).to.equal(0);
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as SmokeResult;

      expect(r.dialect).to.equal('sqlite');
      expect(r.storedTimestamp).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6} \+00:00$/);
      expect(r.seqs).to.deep.equal(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(r.clean).to.deep.equal({ intact: true, checked: 41, problems: [] });
      expect(r.chains).to.include.members(['embedded', 'installation']);
      expect(r.exported.intact).to.equal(true);
      expect(r.exported.checked).to.equal(21);
      expect(r.modified.problems).to.deep.include({ kind: 'modified', seq: 2 });
      expect(r.truncated.problems).to.deep.equal([{ kind: 'truncated', seq: 20, to_seq: 21 }]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
