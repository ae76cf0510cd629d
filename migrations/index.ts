import type { Migration } from 'kysely/migration';
import * as m001 from './001_foundation.js';
import * as m002 from './002_list_indexes.js';
import * as m003 from './003_portal_access.js';
import * as m004 from './004_portal_preferences.js';
import * as m005 from './005_work_records.js';
import * as m006 from './006_service_records.js';
import * as m007 from './007_requests_messages.js';
import * as m008 from './008_perf_indexes.js';
import * as m009 from './009_online_payments.js';
import * as m010 from './010_staff_language.js';
import * as m011 from './011_payment_reconciliation.js';

/** Every migration, in order. Add new ones at the end; never edit a released one. */
export const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_list_indexes': m002,
  '003_portal_access': m003,
  '004_portal_preferences': m004,
  '005_work_records': m005,
  '006_service_records': m006,
  '007_requests_messages': m007,
  '008_perf_indexes': m008,
  '009_online_payments': m009,
  '010_staff_language': m010,
  '011_payment_reconciliation': m011,
};
