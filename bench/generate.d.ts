// Types of bench/generate.js (plain ESM JavaScript run by `npm run bench`) for the smoke test.

export const GENERATOR_VERSION: number;
export const FULL_SIZE: { clients: number; invoices: number; benchInvoices: number };

export interface BenchLogin { email: string; name: string; password: string }
export const BENCH_LOGINS: { staff: BenchLogin; portal: BenchLogin };

/** What a generated database holds and how to sign in to it. */
export interface GeneratedDatabase {
  version: number;
  file: string;
  generatedAt: string;
  /** The date the data was generated for (YYYY-MM-DD). */
  today: string;
  seconds: number;
  /** CPU time of the generating process (what the wall time would be on an idle machine, roughly). */
  cpuSeconds: number;
  phases: { load: number; indexes: number; analyze: number };
  size: { clients: number; invoices: number; benchInvoices: number };
  counts: { invoices: number; estimates: number; credit_notes: number; lines: number; payments: number; allocations: number; credit_applications: number; events: number };
  bench: {
    clientId: number;
    invoices: number;
    paid: number;
    partially_paid: number;
    overdue: number;
    open: number;
    void: number;
    draft: number;
    estimates: number;
    credit_notes: number;
    sampleInvoiceIds: { paid: number; overdue: number; partially_paid: number };
    projectIds: number[];
  };
  logins: { staff: BenchLogin; portal: BenchLogin };
  staffUserId: number;
  portalUserId: number;
}

export function generate(opts: {
  file: string;
  clients?: number;
  invoices?: number;
  benchInvoices?: number;
  today?: string;
  log?: (line: string) => void;
}): Promise<GeneratedDatabase>;

export function cachePaths(size?: { clients: number; invoices: number }): Promise<{ key: string; file: string; meta: string }>;

export function ensureBenchDatabase(opts?: {
  fresh?: boolean;
  size?: { clients: number; invoices: number; benchInvoices?: number };
  log?: (line: string) => void;
}): Promise<GeneratedDatabase & { key: string; cached: boolean }>;
