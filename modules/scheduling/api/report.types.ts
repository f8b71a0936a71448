export interface MemberHoursRow {
  user_id: string;
  user_name: string | null;
  shifts: number;
  hours: number;
}

export interface MemberHoursReport {
  start_date: string;
  end_date: string;
  members: MemberHoursRow[];
}

export interface CoverageRow {
  shift_id: string;
  shift_date: string;
  start_time: string;
  end_time: string;
  min_staffing: number;
  assigned: number;
  shortfall: number;
}

export interface CoverageReport {
  start_date: string;
  end_date: string;
  /** Scheduled shifts with fewer active assignments than their minimum staffing. */
  shifts: CoverageRow[];
}
