import { injectable } from 'inversify';
import { Controller, Get, Route, Tags } from '@tsoa/runtime';
import { Organization } from '../models/organization.model';
import type { Branding, CaptchaConfig, OAuthConfig } from './bootstrap.types';

/** Only these logo forms are answered; anything else could make the SPA load a foreign scheme. */
const SAFE_LOGO = /^(https?:\/\/|\/(?!\/)|data:image\/(png|jpeg|webp|gif);base64,)/i;

/**
 * What the Welcome and login pages ask before anyone signs in. Answers carry nothing beyond what
 * the login page shows anyway (the department's name and logo).
 */
@injectable()
@Route('auth')
@Tags('auth')
export class BootstrapController extends Controller {
  /**
   * The department's name and logo. On an installation with several organizations there is no
   * session to choose by, so the oldest active one speaks (as the original's login does).
   */
  @Get('branding')
  public async branding(): Promise<Branding> {
    const org = await Organization.findOne({ where: { active: true }, attributes: ['name', 'logo'], order: [['createdAt', 'ASC']], raw: true });
    if (!org) return { name: null, logo: null };
    return { name: org.name || null, logo: org.logo && SAFE_LOGO.test(org.logo) ? org.logo : null };
  }

  /** Single sign-on is not offered yet. */
  @Get('oauth-config')
  public oauthConfig(): OAuthConfig {
    return { googleEnabled: false, microsoftEnabled: false };
  }

  /** No captcha provider yet: the forgot-password form sends no token. */
  @Get('captcha-config')
  public captchaConfig(): CaptchaConfig {
    return { enabled: false, provider: null, siteKey: null };
  }
}
