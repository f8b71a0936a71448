import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import type { Dialect } from '../core/database/database';
import { longText } from '../core/database/table-options';

// The department profile the SPA edits (spa-contract §2.5/§2.6): type, contacts, addresses,
// identifiers, logo, and the settings document (its secret parts are stored encrypted, see
// core/identity/organization-settings.ts).
const columns = (dialect: Dialect) => ({
  organization_type: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'fire_department' },
  phone: { type: DataTypes.STRING(50), allowNull: true },
  fax: { type: DataTypes.STRING(50), allowNull: true },
  email: { type: DataTypes.STRING(255), allowNull: true },
  website: { type: DataTypes.STRING(255), allowNull: true },
  county: { type: DataTypes.STRING(100), allowNull: true },
  founded_year: { type: DataTypes.INTEGER, allowNull: true },
  // A data: URL of an image can be large; LONGTEXT like the original.
  logo: { type: longText(dialect), allowNull: true },
  mailing_address: { type: DataTypes.JSON, allowNull: true },
  physical_address: { type: DataTypes.JSON, allowNull: true },
  physical_address_same: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
  identifier_type: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'department_id' },
  fdid: { type: DataTypes.STRING(50), allowNull: true },
  state_id: { type: DataTypes.STRING(50), allowNull: true },
  department_id: { type: DataTypes.STRING(50), allowNull: true },
  settings: { type: DataTypes.JSON, allowNull: true },
});

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  for (const [name, spec] of Object.entries(columns(dialect))) await queryInterface.addColumn('organizations', name, spec);
};

export const down: Migration = async ({ context: { queryInterface, dialect } }) => {
  for (const name of Object.keys(columns(dialect)).reverse()) await queryInterface.removeColumn('organizations', name);
};
