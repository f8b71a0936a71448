import Joi from 'joi';
import type { Command } from 'commander';
import { fn, col } from 'sequelize';
import { CliError, withKernel, type CliIo, type RegisterCommands } from '../cli-context';
import { EXIT, guarded } from '../cli-errors';
import { isoOrDash, onOff, table } from '../format';
import { AUDIT_RECORDER } from '../../audit/audit.types';
import { AppError } from '../../http/errors';
import { Organization } from '../../identity/models/organization.model';
import { User } from '../../identity/models/user.model';
import { INVITE_TOKEN_TTL_MS, issueResetToken, resetLink } from '../../identity/password-reset/reset-tokens';
import { createAdminMember } from '../../onboarding/admin-member';
import { createOrganizationWithPositions, isIanaTimeZone, SLUG_PATTERN } from '../../onboarding/organization-factory';

interface CreateOptions {
  name: string;
  slug: string;
  timezone: string;
  adminUsername: string;
  adminEmail: string;
  json?: boolean;
}

const createSchema = Joi.object<CreateOptions>({
  name: Joi.string().trim().min(2).max(255).required(),
  slug: Joi.string().pattern(SLUG_PATTERN).required().messages({ 'string.pattern.base': '"--slug" must be lower-case letters, digits and dashes (e.g. maple-ridge-fd)' }),
  timezone: Joi.string().custom((v: string, helpers) => (isIanaTimeZone(v) ? v : helpers.error('any.invalid'))).required()
    .messages({ 'any.invalid': '"--timezone" must be an IANA zone such as America/Chicago' }),
  adminUsername: Joi.string().min(3).max(100).pattern(/^[A-Za-z0-9_-]+$/).required().label('--admin-username'),
  adminEmail: Joi.string().email({ tlds: false }).max(255).required().label('--admin-email'),
  json: Joi.boolean(),
});

interface Created {
  organization: { id: string; name: string; slug: string; timezone: string };
  admin: { id: string; username: string; email: string };
  password_set_link: string;
  link_expires_at: string;
}

/**
 * `orgs create`: a further department on this installation (the wizard onboards only the first).
 * The admin gets no password: the command prints a one-time link to set one (24 hours).
 */
function registerCreate(orgs: Command, io: CliIo): void {
  orgs
    .command('create')
    .description('create an organization with its system positions and an administrator (it_manager), and print a one-time password-set link')
    .requiredOption('--name <name>', 'department name')
    .requiredOption('--slug <slug>', 'unique short name, e.g. maple-ridge-fd')
    .requiredOption('--timezone <zone>', 'IANA time zone, e.g. America/Chicago')
    .requiredOption('--admin-username <username>', 'the administrator\'s username')
    .requiredOption('--admin-email <email>', 'the administrator\'s email address')
    .option('--json', 'print JSON')
    .action(guarded(async (raw: CreateOptions) => {
      const { value: opts, error } = createSchema.validate(raw, { abortEarly: false });
      if (error) throw new CliError(error.details.map((d) => `error: ${d.message}`).join('\n'), EXIT.usage);
      const created = await withKernel(async (kernel) => {
        const audit = kernel.container.get(AUDIT_RECORDER);
        try {
          return await kernel.db.transaction(async (tx): Promise<Created> => {
            if (await Organization.findOne({ where: { slug: opts.slug }, attributes: ['id'], transaction: tx })) throw new CliError(`error: the slug "${opts.slug}" is already taken`, EXIT.failure);
            const org = await createOrganizationWithPositions(tx, { name: opts.name, slug: opts.slug, timezone: opts.timezone });
            const admin = await createAdminMember(tx, { organizationId: org.id, username: opts.adminUsername, email: opts.adminEmail, firstName: null, lastName: null, mustChangePassword: true });
            const token = await issueResetToken(tx, admin.id, INVITE_TOKEN_TTL_MS);
            audit.record(tx, {
              eventType: 'organization.created', eventCategory: 'organization', severity: 'warning', organizationId: org.id,
              username: 'cli', resourceType: 'organization', resourceId: org.id, eventData: { slug: org.slug, admin_user_id: admin.id, via: 'cli' },
            });
            return {
              organization: { id: org.id, name: org.name, slug: org.slug, timezone: org.timezone },
              admin: { id: admin.id, username: admin.username, email: admin.email },
              password_set_link: resetLink(kernel.config.allowedOrigins, token),
              link_expires_at: new Date(Date.now() + INVITE_TOKEN_TTL_MS).toISOString(),
            };
          });
        } catch (err) {
          if (err instanceof AppError && Array.isArray(err.detail)) throw new CliError(err.detail.map((p) => `error: ${p.field}: ${p.message}`).join('\n'), EXIT.failure);
          throw err;
        }
      });
      if (opts.json) { io.out(JSON.stringify(created, null, 2)); return; }
      io.out(`organization created: ${created.organization.name} (${created.organization.slug}, ${created.organization.id})`);
      io.out(`administrator: ${created.admin.username} <${created.admin.email}> (it_manager)`);
      io.out(`password-set link (one use, until ${created.link_expires_at}; hand it over privately):`);
      io.out(created.password_set_link);
    }));
}

function registerList(orgs: Command, io: CliIo): void {
  orgs
    .command('list')
    .description('list the organizations of this installation')
    .option('--json', 'print JSON')
    .action(guarded(async (opts: { json?: boolean }) => withKernel(async () => {
      const rows = await Organization.findAll({ attributes: ['id', 'name', 'slug', 'timezone', 'active', 'createdAt'], order: [['createdAt', 'ASC']], raw: true });
      const counts = await User.findAll({ attributes: ['organizationId', [fn('COUNT', col('id')), 'members']], group: ['organizationId'], raw: true }) as unknown as Array<{ organizationId: string; members: number }>;
      const members = new Map(counts.map((c) => [c.organizationId, Number(c.members)]));
      const list = rows.map((o) => ({ id: o.id, name: o.name, slug: o.slug, timezone: o.timezone, active: o.active, members: members.get(o.id) ?? 0, created_at: new Date(o.createdAt).toISOString() }));
      if (opts.json) { io.out(JSON.stringify({ organizations: list }, null, 2)); return; }
      if (list.length === 0) { io.out('no organizations'); return; }
      for (const l of table(['SLUG', 'NAME', 'TIMEZONE', 'ACTIVE', 'MEMBERS', 'CREATED'], list.map((o) => [o.slug, o.name, o.timezone, onOff(o.active), String(o.members), isoOrDash(o.created_at)]))) io.out(l);
    })));
}

/** `logbook orgs create|list`. */
export const registerOrgsCommands: RegisterCommands = (program, io) => {
  const orgs = program
    .command('orgs')
    .description('create and list organizations (departments) of this installation')
    .addHelpText('after', '\nExit codes: 0 ok, 1 failure, 2 usage error.');
  registerCreate(orgs, io);
  registerList(orgs, io);
};
