import { maskConfig } from '../../config';
import { cliConfig, type RegisterCommands } from '../cli-context';

/** `logbook config check`: validates the environment and prints the effective config, secrets masked. */
export const registerConfigCommands: RegisterCommands = (program, io) => {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate the environment (and .env) and print the effective configuration with secrets masked')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const effective = maskConfig(cliConfig());
      if (opts.json) { io.out(JSON.stringify(effective, null, 2)); return; }
      const lines: string[] = [];
      const walk = (value: unknown, prefix: string): void => {
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
        } else {
          lines.push(`${prefix} = ${Array.isArray(value) ? value.join(',') : String(value)}`);
        }
      };
      walk(effective, '');
      io.out('configuration OK');
      for (const l of lines) io.out(`  ${l}`);
    });
};
