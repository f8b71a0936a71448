import type { Container } from 'inversify';
import type { Database } from '../database/database';
import type { Logger } from '../logging/logger';
import { AUDIT_RECORDER } from '../audit/audit.types';
import { FieldCipher } from './field-cipher';
import type { KeyRing } from './key-ring';
import { attachFieldCipher } from './encryption-binding';
import { KeyRotationService } from './key-rotation.service';
import { KeyStatusService } from './key-status.service';

/**
 * Wires field encryption into a booted kernel: the key ring (derived once, before this is called),
 * the cipher the `@Encrypted()` hooks of every model on `db` use, and the rotation and status
 * services. Modules ask the container for `FieldCipher` when they must encrypt something that is
 * not a model column (e.g. a secret inside a settings document).
 */
export function bindFieldEncryption(container: Container, deps: { keyRing: KeyRing; db: Database; logger: Logger }): FieldCipher {
  const cipher = new FieldCipher(deps.keyRing);
  attachFieldCipher(deps.db.sequelize, cipher);
  const auditRecorder = () => (container.isBound(AUDIT_RECORDER) ? container.get(AUDIT_RECORDER) : null);
  container.bind(FieldCipher).toConstantValue(cipher);
  container.bind(KeyRotationService).toConstantValue(new KeyRotationService(deps.db, cipher, deps.logger, auditRecorder));
  container.bind(KeyStatusService).toConstantValue(new KeyStatusService(deps.db, cipher));
  deps.logger.debug({ currentKid: deps.keyRing.currentKid, legacyKids: deps.keyRing.legacy.map((k) => k.kid), method: deps.keyRing.current.method }, 'field encryption ready');
  return cipher;
}
