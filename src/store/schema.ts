// The tables as Kysely sees them. Times are ISO 8601 strings in UTC; booleans are 0/1 integers
// so that the same columns work on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface OfficeTable {
  no: number;
  name: string;
  district: string;
  address: string;
  email: string | null;
  phone: string;
  schedule: string;
  search_key: string;
}

export interface AkimatTable {
  code: string;
  office: number;
  no: number;
  name: string;
  address: string;
  website: string | null;
  email: string | null;
  phone: string | null;
  schedule: string;
  search_key: string;
}

export interface StaffTable {
  login: string;
  name: string;
  role: string;
  office: number | null;
  akimat: string | null;
  os_user: string | null;
  disabled: Generated<number>;
  created_at: string;
}

export interface DB {
  offices: OfficeTable;
  akimats: AkimatTable;
  staff: StaffTable;
}
