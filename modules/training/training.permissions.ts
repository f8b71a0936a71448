/** The permissions the training module checks (names as the original's, original-backend §9). */
export const TRAINING_PERMISSIONS = {
  view: 'training.view',
  manage: 'training.manage',
  viewAll: 'training.view_all',
} as const;
