export interface FeedStatus {
  active: boolean;
  created_at: string | null;
}

export interface FeedIssued {
  /** The secret feed path (under /api/v1); shown once. Anyone holding it can read the member's shifts. */
  url: string;
  token: string;
  created_at: string;
}
