import type { Generated, Selectable } from 'kysely';
import type { Defaulted } from './schema.js';

/** A client's location (an office, a plant, a branch). */
export interface SitesTable {
  id: Generated<number>;
  client_id: number;
  name: string;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  notes: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** Stored contract status; 'expired' is derived from period_end at read time. */
export type ContractLifecycle = 'active' | 'cancelled';

/** A maintenance (or similar) contract: period, value, the sites and equipment it covers. */
export interface ContractsTable {
  id: Generated<number>;
  client_id: number;
  title: string;
  number: string | null;
  period_start: string;
  period_end: string;
  renewal_date: string | null;
  /** Minor units of `currency`. */
  value: number;
  currency: string;
  status: Defaulted<ContractLifecycle>;
  notes: string | null;
  cancelled_at: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** Sites a contract covers. */
export interface ContractSitesTable { contract_id: number; site_id: number }
/** Equipment a contract covers. */
export interface ContractEquipmentTable { contract_id: number; equipment_id: number }

/** A piece of equipment kept for a client; contract coverage is derived from contract_equipment. */
export interface EquipmentTable {
  id: Generated<number>;
  client_id: number;
  site_id: number | null;
  name: string;
  model: string | null;
  serial_number: string | null;
  installed_on: string | null;
  warranty_until: string | null;
  notes: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** A visit's report: where, when, who, what was done and found. Attachments are files rows. */
export interface ServiceReportsTable {
  id: Generated<number>;
  client_id: number;
  site_id: number;
  visit_date: string;
  technician_staff_id: number | null;
  technician_name: string | null;
  work_done: string;
  findings: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** Equipment a service report is about. */
export interface ServiceReportEquipmentTable { service_report_id: number; equipment_id: number }

/** Kinds of file Stoa accepts, recognised by content. */
export type FileKind = 'pdf' | 'png' | 'jpeg' | 'webp' | 'gif' | 'text' | 'docx' | 'xlsx';

/** An uploaded file of a client; the bytes live under DATA_DIR/uploads by `storage_key`. */
export interface FilesTable {
  id: Generated<number>;
  client_id: number;
  project_id: number | null;
  contract_id: number | null;
  site_id: number | null;
  service_report_id: number | null;
  storage_key: string;
  /** Sanitised original name, with the extension of its kind. */
  name: string;
  kind: FileKind;
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** 1 when the client sees it in the portal. */
  shared: Defaulted<number>;
  uploaded_by_staff_id: number | null;
  uploaded_by_portal_user_id: number | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** Tables of sites, contracts, equipment, service reports, uploaded documents (filled in by that feature's migration). */
export interface ServiceTables {
  sites: SitesTable;
  contracts: ContractsTable;
  contract_sites: ContractSitesTable;
  contract_equipment: ContractEquipmentTable;
  equipment: EquipmentTable;
  service_reports: ServiceReportsTable;
  service_report_equipment: ServiceReportEquipmentTable;
  files: FilesTable;
}

export type Site = Selectable<SitesTable>;
export type Contract = Selectable<ContractsTable>;
export type Equipment = Selectable<EquipmentTable>;
export type ServiceReport = Selectable<ServiceReportsTable>;
export type FileRow = Selectable<FilesTable>;
