'use strict';
/**
 * CPU seconds (user + system) a child process has used so far, read from /proc on Linux; null
 * elsewhere. CPU per request is the steadier figure on a shared machine: requests/s drops when
 * another job takes a core, CPU time per request barely moves.
 */
const fs = require('node:fs');
const os = require('node:os');

// USER_HZ is 100 on every mainstream Linux build; /proc/<pid>/stat reports clock ticks.
const TICKS_PER_SECOND = 100;

function processCpuSeconds(pid) {
  return cpuSecondsOf(`/proc/${pid}/stat`);
}

/** CPU seconds of a process's main thread alone (the event loop, for Node); null off Linux. */
function mainThreadCpuSeconds(pid) {
  return cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`);
}

function cpuSecondsOf(statFile) {
  if (os.platform() !== 'linux') return null;
  try {
    const stat = fs.readFileSync(statFile, 'utf8');
    // Field 2 (comm) may hold spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

module.exports = { processCpuSeconds, mainThreadCpuSeconds };
