/** Image types the SPA may render from a data URL (the branding endpoint answers only these). */
const LOGO_DATA_URL = /^data:image\/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/]+={0,2})$/;
/** 512 KiB of image: plenty for a department patch, and well inside the 1 MB request limit. */
export const MAX_LOGO_BYTES = 512 * 1024;

/** null when the logo is acceptable, else the reason. */
export function logoProblem(logo: string): string | null {
  const match = LOGO_DATA_URL.exec(logo);
  if (!match) return 'Logo must be a PNG, JPEG, WebP or GIF data URL (data:image/...;base64,...)';
  if (Math.floor((match[2].length * 3) / 4) > MAX_LOGO_BYTES) return `Logo must be at most ${MAX_LOGO_BYTES / 1024} KB`;
  return null;
}
