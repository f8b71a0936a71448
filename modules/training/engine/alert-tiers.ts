import { daysBetween, type IsoDate } from './civil-date';

/** Expiry alert tiers, least urgent first (original-backend §6, "Cert alerts"). */
export const ALERT_TIERS = ['90', '60', '30', '7', 'expired'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

export type AlertAudience = 'member' | 'training_officer' | 'compliance_officer' | 'chiefs';

/** Who each tier tells: 90/60 the member; 30 adds the training officer; 7 the compliance officer; expired the chiefs. */
export const TIER_AUDIENCE: Readonly<Record<AlertTier, readonly AlertAudience[]>> = {
  '90': ['member'],
  '60': ['member'],
  '30': ['member', 'training_officer'],
  '7': ['member', 'training_officer', 'compliance_officer'],
  expired: ['member', 'training_officer', 'compliance_officer', 'chiefs'],
};

/** The tier a certification is in on `today`, or null when it expires more than 90 days out. */
export function tierOn(expirationDate: IsoDate, today: IsoDate): AlertTier | null {
  const days = daysBetween(today, expirationDate);
  if (days < 0) return 'expired';
  if (days <= 7) return '7';
  if (days <= 30) return '30';
  if (days <= 60) return '60';
  if (days <= 90) return '90';
  return null;
}

/**
 * The tier to send today, if any: the current one, unless it or a more urgent one was already
 * sent (a record entered 20 days before expiry gets the 30-day alert, never a late 90 or 60).
 */
export function tierToSend(expirationDate: IsoDate, today: IsoDate, sent: ReadonlySet<string>): AlertTier | null {
  const tier = tierOn(expirationDate, today);
  if (!tier) return null;
  const rank = ALERT_TIERS.indexOf(tier);
  return ALERT_TIERS.slice(rank).some((t) => sent.has(t)) ? null : tier;
}
