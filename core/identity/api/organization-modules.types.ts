/** GET|PATCH /organization/modules (spa-contract §1.6, §2.5). */

/** The 20 switches the SPA reads, by key. */
export type ModuleSettings = Record<string, boolean>;

export interface OrganizationModules {
  /** Essentials first, then every enabled module key (installed modules beyond the 20 included). */
  enabled_modules: string[];
  module_settings: ModuleSettings;
}

/** A partial set of switches, e.g. `{"training": true}`: keys of the 20 or of an installed module. */
export type ModulesPatch = Record<string, boolean>;
