/** Turns a value into the form its blind index is computed over; equal after normalizing means "found". */
export type Normalizer = (value: string) => string;

/** Unicode-normalized (NFKC), trimmed, lower-cased: for e-mail addresses, user names and codes. */
export const normalizeCaseInsensitive: Normalizer = (value) => value.normalize('NFKC').trim().toLowerCase();

/** E-mail addresses compare case-insensitively in practice (the local part is case-sensitive only on paper). */
export const normalizeEmail: Normalizer = normalizeCaseInsensitive;

/** Only Unicode normalization and trimming: for values where case matters. */
export const normalizeExact: Normalizer = (value) => value.normalize('NFC').trim();
