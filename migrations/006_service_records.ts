import { type Kysely, sql } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/**
 * Service records of field-service firms (sites, contracts, equipment, service reports) and the
 * files staff upload for a client. Nothing here is deleted: rows are archived (or contracts
 * cancelled), so a client's history and its portal stay whole.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

  await db.schema.createTable('sites')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text')
    .addColumn('postcode', 'text')
    .addColumn('country', 'text')
    .addColumn('notes', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('sites_client_name').on('sites').columns(['client_id', 'name', 'id']).execute();

  // 'expired' is derived (active and period_end before today), never stored.
  await db.schema.createTable('contracts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('renewal_date', 'text')
    .addColumn('value', 'integer', (c) => c.notNull().check(sql`value >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','cancelled')`))
    .addColumn('notes', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('contracts_period', sql`period_end >= period_start`)
    .execute();
  await db.schema.createIndex('contracts_client_period').on('contracts').columns(['client_id', 'period_start', 'id']).execute();

  await db.schema.createTable('equipment')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('site_id', 'integer', (c) => c.references('sites.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('serial_number', 'text')
    .addColumn('installed_on', 'text')
    .addColumn('warranty_until', 'text')
    .addColumn('notes', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('equipment_client_name').on('equipment').columns(['client_id', 'name', 'id']).execute();
  await db.schema.createIndex('equipment_site').on('equipment').column('site_id').execute();

  await db.schema.createTable('contract_sites')
    .addColumn('contract_id', 'integer', (c) => c.notNull().references('contracts.id'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addPrimaryKeyConstraint('contract_sites_pk', ['contract_id', 'site_id'])
    .execute();
  await db.schema.createIndex('contract_sites_site').on('contract_sites').column('site_id').execute();

  await db.schema.createTable('contract_equipment')
    .addColumn('contract_id', 'integer', (c) => c.notNull().references('contracts.id'))
    .addColumn('equipment_id', 'integer', (c) => c.notNull().references('equipment.id'))
    .addPrimaryKeyConstraint('contract_equipment_pk', ['contract_id', 'equipment_id'])
    .execute();
  await db.schema.createIndex('contract_equipment_equipment').on('contract_equipment').column('equipment_id').execute();

  // The technician is a staff member or, for a subcontractor, a name typed in.
  await db.schema.createTable('service_reports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('visit_date', 'text', (c) => c.notNull())
    .addColumn('technician_staff_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('technician_name', 'text')
    .addColumn('work_done', 'text', (c) => c.notNull())
    .addColumn('findings', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('service_reports_technician', sql`technician_staff_id is not null or technician_name is not null`)
    .execute();
  await db.schema.createIndex('service_reports_client_visit').on('service_reports').columns(['client_id', 'visit_date', 'id']).execute();

  await db.schema.createTable('service_report_equipment')
    .addColumn('service_report_id', 'integer', (c) => c.notNull().references('service_reports.id'))
    .addColumn('equipment_id', 'integer', (c) => c.notNull().references('equipment.id'))
    .addPrimaryKeyConstraint('service_report_equipment_pk', ['service_report_id', 'equipment_id'])
    .execute();
  await db.schema.createIndex('service_report_equipment_equipment').on('service_report_equipment').column('equipment_id').execute();

  // Uploaded files: the bytes live under DATA_DIR/uploads/ by a random key; the name the
  // uploader gave is kept only here (sanitised) for display and the download's filename.
  await db.schema.createTable('files')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('contract_id', 'integer', (c) => c.references('contracts.id'))
    .addColumn('site_id', 'integer', (c) => c.references('sites.id'))
    .addColumn('service_report_id', 'integer', (c) => c.references('service_reports.id'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('pdf','png','jpeg','webp','gif','text','docx','xlsx')`))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_by_staff_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('uploaded_by_portal_user_id', 'integer', (c) => c.references('portal_users.id'))
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('files_client').on('files').columns(['client_id', 'archived_at', 'id']).execute();
  await db.schema.createIndex('files_client_shared').on('files').columns(['client_id', 'shared', 'archived_at', 'id']).execute();
  await db.schema.createIndex('files_service_report').on('files').column('service_report_id').execute();
  await db.schema.createIndex('files_contract').on('files').column('contract_id').execute();
  await db.schema.createIndex('files_site').on('files').column('site_id').execute();
  await db.schema.createIndex('files_project').on('files').column('project_id').execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
