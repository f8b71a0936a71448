import type { Kernel } from '../../../core/kernel/kernel';
import { NoteFolder, SecretNote } from '../../fixtures/encryption/encryption-fixture.models';

/**
 * Registers the encryption fixture models on the test kernel's database and creates their tables
 * for one test file; `drop` removes both again, so no other test file sees them.
 */
export async function createFixtureTables(kernel: Kernel): Promise<void> {
  const sequelize = kernel.db.sequelize;
  if (!sequelize.modelManager.models.includes(SecretNote)) kernel.db.addModels([NoteFolder, SecretNote]);
  await NoteFolder.sync({ force: true });
  await SecretNote.sync({ force: true });
}

export async function dropFixtureTables(kernel: Kernel): Promise<void> {
  await SecretNote.drop();
  await NoteFolder.drop();
  kernel.db.sequelize.modelManager.removeModel(SecretNote);
  kernel.db.sequelize.modelManager.removeModel(NoteFolder);
}
