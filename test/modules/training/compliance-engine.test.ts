import { expect } from 'chai';
import { addMonthsClamped, dateIn, startOfDayIn } from '../../../modules/training/engine/civil-date';
import { evaluationWindow } from '../../../modules/training/engine/periods';
import { evaluateRequirement, appliesTo } from '../../../modules/training/engine/requirements';
import { evaluateMember, statusLight } from '../../../modules/training/engine/evaluate-member';
import { derivedExpiration } from '../../../modules/training/engine/certifications';
import { tierToSend } from '../../../modules/training/engine/alert-tiers';
import type { EngineMember, EngineRecord, EngineRequirement, EngineWaiver, EvaluationContext } from '../../../modules/training/engine/engine.types';

/**
 * The compliance engine's case table. Every expected value was worked out by hand from the rules
 * (original-backend §6 and docs/training.md), not by running the code.
 */

const MEMBER: EngineMember = { id: 'u1', membershipType: 'active', positions: ['pos-ff', 'firefighter'], exempt: false };

function req(over: Partial<EngineRequirement> = {}): EngineRequirement {
  return {
    id: 'r1', name: 'Annual CE', requirementType: 'hours', trainingType: null, registryCode: null, requiredHours: 36,
    requiredCourses: [], requiredShifts: null, requiredCalls: null, passingScore: null, categoryIds: [], appliesToAll: true,
    requiredPositions: [], requiredMembershipTypes: [], frequency: 'annual', dueDateType: 'calendar_period', year: null,
    rollingPeriodMonths: null, periodStartMonth: null, periodStartDay: null, periodEndMonth: null, periodEndDay: null,
    includeCurrentMonth: null, startDate: null, dueDate: null, ...over,
  };
}

let seq = 0;
function rec(completionDate: string, hours: number, over: Partial<EngineRecord> = {}): EngineRecord {
  return {
    id: `rec${++seq}`, userId: 'u1', courseId: null, categoryId: null, courseName: 'Drill', trainingType: 'continuing_education',
    status: 'completed', completionDate, expirationDate: null, hours, certificationNumber: null, score: null, passed: null, ...over,
  };
}

function waiver(startDate: string, endDate: string | null, requirementIds: string[] | null = null): EngineWaiver {
  return { userId: 'u1', startDate, endDate, requirementIds };
}

function ctx(today: string, over: Partial<EvaluationContext> = {}): EvaluationContext {
  return { today, expiringSoonDays: 90, courseCategories: new Map(), activity: new Map(), ...over };
}

interface Case {
  name: string;
  actual: () => unknown;
  expected: unknown;
}

function hours(requirement: EngineRequirement, records: EngineRecord[], today: string, waivers: EngineWaiver[] = []) {
  const o = evaluateRequirement(requirement, MEMBER, records, waivers, ctx(today));
  return { status: o.status, progress: o.progress, required: o.required, window: [o.window.start, o.window.end], waived: o.waivedMonths };
}

const CASES: Case[] = [
  // --- periods ---
  {
    name: 'annual: the calendar year of today; Dec 31 of last year does not count, Jan 1 does',
    actual: () => hours(req(), [rec('2024-12-31', 5), rec('2025-01-01', 10)], '2025-10-15'),
    expected: { status: 'in_progress', progress: 10, required: 36, window: ['2025-01-01', '2025-12-31'], waived: 0 },
  },
  {
    name: 'annual with an explicit year: 2024 is measured even in 2025',
    actual: () => hours(req({ year: 2024, requiredHours: 5 }), [rec('2024-12-31', 5)], '2025-03-01'),
    expected: { status: 'completed', progress: 5, required: 5, window: ['2024-01-01', '2024-12-31'], waived: 0 },
  },
  {
    name: 'quarterly: May 10 is in Q2 (Apr 1 - Jun 30); Mar 31 is not',
    actual: () => hours(req({ frequency: 'quarterly', requiredHours: 4 }), [rec('2025-03-31', 2), rec('2025-04-01', 3)], '2025-05-10'),
    expected: { status: 'in_progress', progress: 3, required: 4, window: ['2025-04-01', '2025-06-30'], waived: 0 },
  },
  {
    name: 'quarterly: Dec 31 closes Q4',
    actual: () => hours(req({ frequency: 'quarterly', requiredHours: 4 }), [rec('2025-12-31', 4)], '2025-12-31'),
    expected: { status: 'completed', progress: 4, required: 4, window: ['2025-10-01', '2025-12-31'], waived: 0 },
  },
  {
    name: 'monthly in a leap February: the window ends Feb 29, and Feb 29 counts',
    actual: () => hours(req({ frequency: 'monthly', requiredHours: 2 }), [rec('2024-02-29', 2), rec('2024-01-31', 9)], '2024-02-29'),
    expected: { status: 'completed', progress: 2, required: 2, window: ['2024-02-01', '2024-02-29'], waived: 0 },
  },
  {
    name: 'rolling 12 months: today minus 12 months is inside, the day before is not',
    actual: () => hours(req({ dueDateType: 'rolling', rollingPeriodMonths: 12, requiredHours: 8 }), [rec('2024-10-14', 4), rec('2024-10-15', 4)], '2025-10-15'),
    expected: { status: 'in_progress', progress: 4, required: 8, window: ['2024-10-15', '2025-10-15'], waived: 0 },
  },
  {
    name: 'rolling 12 months from a leap day: Feb 29 - 12 months clamps to Feb 28',
    actual: () => evaluationWindow(req({ dueDateType: 'rolling', rollingPeriodMonths: 12 }), '2024-02-29'),
    expected: { kind: 'rolling', start: '2023-02-28', end: '2024-02-29' },
  },
  {
    name: 'rolling 1 month from Mar 31 clamps to Feb 28 (month-end clamping)',
    actual: () => evaluationWindow(req({ dueDateType: 'rolling', rollingPeriodMonths: 1 }), '2025-03-31'),
    expected: { kind: 'rolling', start: '2025-02-28', end: '2025-03-31' },
  },
  {
    name: 'rolling 3 months without the current month: Feb 1 - Apr 30 on May 20',
    actual: () => evaluationWindow(req({ dueDateType: 'rolling', rollingPeriodMonths: 3, includeCurrentMonth: false }), '2025-05-20'),
    expected: { kind: 'rolling', start: '2025-02-01', end: '2025-04-30' },
  },
  {
    name: 'one-time: all time, a record from 2010 still counts',
    actual: () => hours(req({ frequency: 'one_time', requiredHours: 3 }), [rec('2010-06-01', 3)], '2025-10-15'),
    expected: { status: 'completed', progress: 3, required: 3, window: [null, null], waived: 0 },
  },
  {
    name: 'certification period (biannual) hours: an expired matching certification marks it expired whatever the hours',
    actual: () => hours(req({ frequency: 'biannual', name: 'CPR', requiredHours: 4 }),
      [rec('2023-01-10', 50, { courseName: 'CPR Provider', certificationNumber: 'CPR-1', expirationDate: '2025-01-10' })], '2025-10-15'),
    expected: { status: 'expired', progress: 0, required: 1, window: [null, null], waived: 0 },
  },
  {
    name: 'custom fiscal year Jul 1 - Jun 30: Mar 10, 2025 is in FY Jul 2024 - Jun 2025',
    actual: () => evaluationWindow(req({ periodStartMonth: 7, periodStartDay: 1, periodEndMonth: 6, periodEndDay: 30 }), '2025-03-10'),
    expected: { kind: 'custom', start: '2024-07-01', end: '2025-06-30' },
  },
  {
    name: 'custom bounds ending Feb 29 in a non-leap year clamp to Feb 28',
    actual: () => evaluationWindow(req({ periodStartMonth: 3, periodStartDay: 1, periodEndMonth: 2, periodEndDay: 29 }), '2025-06-01'),
    expected: { kind: 'custom', start: '2025-03-01', end: '2026-02-28' },
  },
  {
    name: 'fixed due date: from the start date to the due date',
    actual: () => hours(req({ dueDateType: 'fixed_date', startDate: '2025-01-01', dueDate: '2025-06-30', requiredHours: 6 }),
      [rec('2024-12-31', 6), rec('2025-06-30', 6)], '2025-03-01'),
    expected: { status: 'completed', progress: 6, required: 6, window: ['2025-01-01', '2025-06-30'], waived: 0 },
  },
  // --- waivers ---
  {
    name: 'waiver Feb 1 - May 14: May has 14 covered days, not waived; 36 x 9/12 = 27',
    actual: () => hours(req(), [], '2025-10-15', [waiver('2025-02-01', '2025-05-14')]),
    expected: { status: 'not_started', progress: 0, required: 27, window: ['2025-01-01', '2025-12-31'], waived: 3 },
  },
  {
    name: 'waiver Feb 1 - May 15: May has 15 covered days, waived; 36 x 8/12 = 24',
    actual: () => hours(req(), [rec('2025-09-01', 24)], '2025-10-15', [waiver('2025-02-01', '2025-05-15')]),
    expected: { status: 'completed', progress: 24, required: 24, window: ['2025-01-01', '2025-12-31'], waived: 4 },
  },
  {
    name: 'leap year: Feb 15 - 29, 2024 is 15 days, February waived; 36 x 11/12 = 33',
    actual: () => hours(req(), [], '2024-06-01', [waiver('2024-02-15', '2024-02-29')]),
    expected: { status: 'not_started', progress: 0, required: 33, window: ['2024-01-01', '2024-12-31'], waived: 1 },
  },
  {
    name: 'leap year: Feb 16 - 29, 2024 is 14 days, not waived',
    actual: () => hours(req(), [], '2024-06-01', [waiver('2024-02-16', '2024-02-29')]),
    expected: { status: 'not_started', progress: 0, required: 36, window: ['2024-01-01', '2024-12-31'], waived: 0 },
  },
  {
    name: 'non-leap February: Feb 14 - 28, 2025 is 15 days, waived',
    actual: () => hours(req(), [], '2025-06-01', [waiver('2025-02-14', '2025-02-28')]).waived,
    expected: 1,
  },
  {
    name: 'two waivers in one month count their union: Jun 1-10 and Jun 20-24 = 15 days, waived once',
    actual: () => hours(req(), [], '2025-10-15', [waiver('2025-06-01', '2025-06-10'), waiver('2025-06-20', '2025-06-24')]),
    expected: { status: 'not_started', progress: 0, required: 33, window: ['2025-01-01', '2025-12-31'], waived: 1 },
  },
  {
    name: 'overlapping waivers never count a month twice: Mar 10 - Jul 25 and Jun 20 - Jul 10 = 5 months; 36 x 7/12 = 21',
    actual: () => hours(req(), [], '2025-10-15', [waiver('2025-03-10', '2025-07-25'), waiver('2025-06-20', '2025-07-10')]).required,
    expected: 21,
  },
  {
    name: 'a waiver naming another requirement does not apply',
    actual: () => hours(req(), [], '2025-10-15', [waiver('2025-01-01', '2025-12-31', ['r-other'])]).required,
    expected: 36,
  },
  {
    name: 'a waiver over the whole year keeps one month: 36 x max(0, 1)/12 = 3',
    actual: () => hours(req(), [], '2025-10-15', [waiver('2024-12-01', '2026-01-31', ['r1'])]).required,
    expected: 3,
  },
  {
    name: 'an open-ended waiver from Nov 10 waives Nov (21 days) and Dec: 36 x 10/12 = 30',
    actual: () => hours(req(), [], '2025-11-20', [waiver('2025-11-10', null)]).required,
    expected: 30,
  },
  {
    name: 'rolling window spanning 13 calendar months: Oct 15-31 inside the window is 17 days, waived; 13 x 12/13 = 12',
    actual: () => hours(req({ dueDateType: 'rolling', rollingPeriodMonths: 12, requiredHours: 13 }), [], '2025-10-15', [waiver('2024-10-01', '2024-10-31')]).required,
    expected: 12,
  },
  {
    name: 'shifts are waiver-adjusted too: 12 shifts, Feb-May waived, 8 worked = met',
    actual: () => evaluateRequirement(req({ requirementType: 'shifts', requiredShifts: 12, requiredHours: null }), MEMBER, [], [waiver('2025-02-01', '2025-05-31')],
      ctx('2025-10-15', { activity: new Map([['r1', new Map([['u1', 8]])]]) })).status,
    expected: 'completed',
  },
  // --- filters, certifications, other types ---
  {
    name: 'training type filter: a skills_practice record does not count toward a continuing_education requirement',
    actual: () => hours(req({ trainingType: 'continuing_education', requiredHours: 10 }), [rec('2025-03-01', 8), rec('2025-03-02', 3, { trainingType: 'skills_practice' })], '2025-10-15').progress,
    expected: 8,
  },
  {
    name: 'category filter: only records whose course is in the category count',
    actual: () => evaluateRequirement(req({ categoryIds: ['cat-ems'], requiredHours: 4 }), MEMBER,
      [rec('2025-03-01', 4, { courseId: 'c-ems' }), rec('2025-03-01', 4, { courseId: 'c-fire' })], [],
      ctx('2025-10-15', { courseCategories: new Map([['c-ems', ['cat-ems']], ['c-fire', ['cat-fire']]]) })).progress,
    expected: 4,
  },
  {
    name: 'certification: valid through its expiration day',
    actual: () => evaluateRequirement(req({ requirementType: 'certification', name: 'EMT' }), MEMBER,
      [rec('2023-10-15', 0, { courseName: 'EMT-Basic', certificationNumber: 'E-1', expirationDate: '2025-10-15' })], [], ctx('2025-10-15')).status,
    expected: 'completed',
  },
  {
    name: 'certification: expired the day after its expiration date',
    actual: () => evaluateRequirement(req({ requirementType: 'certification', name: 'EMT' }), MEMBER,
      [rec('2023-10-15', 0, { courseName: 'EMT-Basic', certificationNumber: 'E-1', expirationDate: '2025-10-14' })], [], ctx('2025-10-15')).status,
    expected: 'expired',
  },
  {
    name: 'certification: a record without a certification number is not a certification',
    actual: () => evaluateRequirement(req({ requirementType: 'certification', name: 'EMT' }), MEMBER,
      [rec('2025-01-01', 0, { courseName: 'EMT-Basic', expirationDate: '2027-01-01' })], [], ctx('2025-10-15')).status,
    expected: 'not_started',
  },
  {
    name: 'certification: the registry code inside the certification number matches a differently named course',
    actual: () => evaluateRequirement(req({ requirementType: 'certification', name: 'EMT Certification', registryCode: 'nremt' }), MEMBER,
      [rec('2025-01-01', 0, { courseName: 'Paramedic', certificationNumber: 'NREMT-P-88421', expirationDate: '2025-11-30' })], [], ctx('2025-10-15')).status,
    expected: 'completed',
  },
  {
    name: 'courses: 2 of 3 required courses completed in the year = in progress, 67 %',
    actual: () => {
      const o = evaluateRequirement(req({ requirementType: 'courses', requiredCourses: ['a', 'b', 'c'] }), MEMBER,
        [rec('2025-02-01', 1, { courseId: 'a' }), rec('2025-02-02', 1, { courseId: 'b' }), rec('2025-02-03', 1, { courseId: 'c', status: 'failed' })], [], ctx('2025-10-15'));
      return [o.status, o.progress, o.required, o.percentage];
    },
    expected: ['in_progress', 2, 3, 67],
  },
  {
    name: 'calls without a provider are not evaluable (never a wrong zero)',
    actual: () => {
      const o = evaluateRequirement(req({ requirementType: 'calls', requiredCalls: 10 }), MEMBER, [], [], ctx('2025-10-15', { activity: new Map([['r1', null]]) }));
      return [o.status, o.met];
    },
    expected: ['not_evaluable', null],
  },
  {
    name: 'applies-to: a position (by id or slug) and a membership type must both match when both are given',
    actual: () => [
      appliesTo(req({ appliesToAll: false, requiredPositions: ['firefighter'] }), MEMBER),
      appliesTo(req({ appliesToAll: false, requiredPositions: ['pos-ff'], requiredMembershipTypes: ['probationary'] }), MEMBER),
      appliesTo(req({ appliesToAll: false, requiredPositions: ['driver'] }), MEMBER),
    ],
    expected: [true, false, false],
  },
  // --- expiration dates and alerts ---
  {
    name: 'derived expiration clamps to month end: Jan 31 + 1 month = Feb 28 (2025), Feb 29 (2024); Aug 31 + 6 = Feb 28',
    actual: () => [derivedExpiration('2025-01-31', 1), derivedExpiration('2024-01-31', 1), derivedExpiration('2025-08-31', 6), derivedExpiration('2025-10-20', 24), addMonthsClamped('2024-02-29', 12)],
    expected: ['2025-02-28', '2024-02-29', '2026-02-28', '2027-10-20', '2025-02-28'],
  },
  {
    name: 'alert tiers: 91 days none, 90 days the 90-day tier, 7 days the 7-day tier, the day after expiry "expired"',
    actual: () => [tierToSend('2026-01-14', '2025-10-15', new Set()), tierToSend('2026-01-13', '2025-10-15', new Set()),
      tierToSend('2025-10-22', '2025-10-15', new Set()), tierToSend('2025-10-14', '2025-10-15', new Set())],
    expected: [null, '90', '7', 'expired'],
  },
  {
    name: 'alert tiers: never a tier twice, never a less urgent one after a more urgent one',
    actual: () => [tierToSend('2025-10-22', '2025-10-15', new Set(['30'])), tierToSend('2025-11-10', '2025-10-15', new Set(['7'])), tierToSend('2025-10-22', '2025-10-15', new Set(['7']))],
    expected: ['7', null, null],
  },
  // --- the status light ---
  {
    name: 'status light: red below half, yellow when anything is unmet or a cert expires soon, green, exempt',
    actual: () => [
      statusLight({ exempt: false, certsExpired: 0, certsExpiringSoon: 0, met: 1, total: 4 }),
      statusLight({ exempt: false, certsExpired: 0, certsExpiringSoon: 0, met: 2, total: 4 }),
      statusLight({ exempt: false, certsExpired: 0, certsExpiringSoon: 1, met: 4, total: 4 }),
      statusLight({ exempt: false, certsExpired: 1, certsExpiringSoon: 0, met: 4, total: 4 }),
      statusLight({ exempt: false, certsExpired: 0, certsExpiringSoon: 0, met: 0, total: 0 }),
      statusLight({ exempt: true, certsExpired: 3, certsExpiringSoon: 0, met: 0, total: 4 }),
    ],
    expected: ['red', 'yellow', 'yellow', 'red', 'green', 'exempt'],
  },
  {
    name: 'member: a renewed certification replaces the expired record; one cert expiring in 46 days makes the light yellow',
    actual: () => {
      const records = [
        rec('2023-09-30', 0, { courseId: 'emt', courseName: 'EMT', certificationNumber: 'E-1', expirationDate: '2025-09-30' }),
        rec('2025-09-20', 0, { courseId: 'emt', courseName: 'EMT', certificationNumber: 'E-2', expirationDate: '2027-09-20' }),
        rec('2024-11-30', 0, { courseId: 'medic', courseName: 'Paramedic', certificationNumber: 'P-1', expirationDate: '2025-11-30' }),
        rec('2025-03-01', 12),
      ];
      const m = evaluateMember(MEMBER, [req({ requiredHours: 12 })], records, [], ctx('2025-10-15'));
      return [m.status, m.certsExpired, m.certsExpiringSoon, m.activeCertifications, m.hoursThisYear, m.requirementsMet, m.requirementsTotal];
    },
    expected: ['yellow', 0, 1, 2, 12, 1, 1],
  },
  {
    name: 'member: an unevaluable calls requirement is left out of met/total (green, 1 of 1)',
    actual: () => {
      const m = evaluateMember(MEMBER, [req({ requiredHours: 1 }), req({ id: 'r2', requirementType: 'calls', requiredCalls: 5 })], [rec('2025-01-02', 1)], [], ctx('2025-10-15'));
      return [m.status, m.requirementsMet, m.requirementsTotal, m.outcomes.length];
    },
    expected: ['green', 1, 1, 2],
  },
  // --- the organization's timezone ---
  {
    name: 'timezone: 03:00 UTC on Jan 1, 2026 is still Dec 31, 2025 in Chicago (annual window 2025) and Jan 1 in Auckland',
    actual: () => {
      const instant = new Date('2026-01-01T03:00:00Z');
      return [dateIn('America/Chicago', instant), evaluationWindow(req(), dateIn('America/Chicago', instant)).start, dateIn('Pacific/Auckland', new Date('2025-12-31T12:00:00Z'))];
    },
    expected: ['2025-12-31', '2025-01-01', '2026-01-01'],
  },
  {
    name: 'timezone: the day starts at local midnight, DST-aware (Chicago: 06:00Z in winter, 05:00Z in summer, 06:00Z on the spring-forward day)',
    actual: () => [startOfDayIn('America/Chicago', '2025-01-15').toISOString(), startOfDayIn('America/Chicago', '2025-07-15').toISOString(), startOfDayIn('America/Chicago', '2025-03-09').toISOString()],
    expected: ['2025-01-15T06:00:00.000Z', '2025-07-15T05:00:00.000Z', '2025-03-09T06:00:00.000Z'],
  },
];

describe('training compliance engine: the hand-computed case table', () => {
  it('has at least 25 cases', () => {
    expect(CASES.length).to.be.at.least(25);
  });

  for (const c of CASES) {
    it(c.name, () => {
      expect(c.actual()).to.deep.equal(c.expected);
    });
  }
});
