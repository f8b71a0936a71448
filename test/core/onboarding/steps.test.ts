import { expect } from 'chai';
import { permissionsFromGrid } from '../../../core/onboarding/steps/positions-step';
import { normaliseModules } from '../../../core/onboarding/steps/modules-step';
import { logoProblem, MAX_LOGO_BYTES } from '../../../core/onboarding/steps/logo';
import { isIanaTimeZone, slugify } from '../../../core/onboarding/organization-factory';

describe('onboarding step rules (no database)', () => {
  it('when the SPA grid says view/manage, then view -> m.view and manage -> m.manage + m.*', () => {
    expect(permissionsFromGrid({ training: { view: true, manage: false }, 'prospective-members': { view: true, manage: true }, events: { view: false, manage: false } }))
      .to.deep.equal(['prospective_members.*', 'prospective_members.manage', 'prospective_members.view', 'training.view']);
    expect(permissionsFromGrid({ 'bad key!': { view: true } })).to.deep.equal([]);
  });

  it('when modules are chosen, then dashes become underscores, the four essentials are added, and every SPA id is accepted', () => {
    const { modules, unknown } = normaliseModules(['training', 'medical-supplies', 'positions', 'settings', 'prospective-members']);
    expect(unknown).to.deep.equal([]);
    expect(modules).to.include.members(['members', 'events', 'documents', 'forms', 'training', 'medical_supplies', 'positions', 'settings', 'prospective_members']);
    expect(normaliseModules(['warp-drive']).unknown).to.deep.equal(['warp_drive']);
  });

  it('when a logo is checked, then only bounded png/jpeg/webp/gif data URLs pass', () => {
    expect(logoProblem(`data:image/png;base64,${Buffer.from('x').toString('base64')}`)).to.equal(null);
    expect(logoProblem('data:image/svg+xml;base64,PHN2Zz4=')).to.be.a('string');
    expect(logoProblem('https://example.org/logo.png')).to.be.a('string');
    expect(logoProblem(`data:image/gif;base64,${'A'.repeat(Math.ceil((MAX_LOGO_BYTES + 10) / 3) * 4)}`)).to.match(/at most/);
  });

  it('when names and zones are checked, then slugs are ASCII and zones must be IANA names', () => {
    expect(slugify('Station Nº 5 — Saint-Étienne Fire & Rescue')).to.equal('station-no-5-saint-etienne-fire-rescue');
    expect(slugify('!!!')).to.equal('department');
    expect(isIanaTimeZone('America/Chicago')).to.equal(true);
    expect(isIanaTimeZone('UTC')).to.equal(true);
    expect(isIanaTimeZone('Mars/Olympus')).to.equal(false);
    expect(isIanaTimeZone('EST5EDT ')).to.equal(false);
  });
});
