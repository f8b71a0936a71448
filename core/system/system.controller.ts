import { inject, injectable } from 'inversify';
import { Controller, Get, Route, Tags } from '@tsoa/runtime';
import { TOKENS } from '../kernel/tokens';
import type { Config } from '../config';

export interface SystemInfo {
  /** The installation's application name (APP_NAME). */
  name: string;
  /** API version: the major version is part of every path (/api/v1). */
  api_version: string;
}

/** Public facts a client needs before it signs in. The server's exact build is not among them. */
@injectable()
@Route('system')
@Tags('system')
export class SystemController extends Controller {
  constructor(@inject(TOKENS.Config) private readonly config: Config) {
    super();
  }

  /** Which API this is. */
  @Get('info')
  public async info(): Promise<SystemInfo> {
    return { name: this.config.appName, api_version: 'v1' };
  }
}
