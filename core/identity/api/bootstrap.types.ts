/** Bodies of the unauthenticated bootstrap calls the login page makes (spa-contract §2.1). */

export interface Branding {
  /** The department's name once one exists (a truthy name sends the Welcome page to /login). */
  name: string | null;
  /** http(s) URL, site-relative path or data:image/(png|jpeg|webp|gif) URI. */
  logo: string | null;
}

export interface OAuthConfig {
  googleEnabled: boolean;
  microsoftEnabled: boolean;
}

export interface CaptchaConfig {
  enabled: boolean;
  provider: 'turnstile' | 'hcaptcha' | 'recaptcha' | null;
  siteKey: string | null;
}
