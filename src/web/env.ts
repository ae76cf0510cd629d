import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { StaffUser } from '../db/schema.js';
import type { PortalView } from '../portal/context.js';
import type { Ui } from './ui.js';

/** Long-lived things every request can reach. */
export interface Deps {
  db: Db;
  config: Config;
}

/** Hono environment of the whole app: what middleware puts on the context. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    db: Db;
    config: Config;
    ui: Ui;
    /**
     * The signed-in staff member on staff pages (set by requireStaff), with the page's own path and
     * query on GETs (the layout's language switcher returns there).
     */
    staff: StaffUser & { pagePath?: string };
    staffSessionId: string;
    /** The staff member behind the API token on /api/v1 (set by requireApiToken). */
    apiUser: StaffUser;
    apiTokenId: number;
    /** The portal as the signed-in member (or a staff preview) sees it (set by requirePortal / previewPortal). */
    portal: PortalView;
  };
}
