import type { JSX } from 'hono/jsx/jsx-runtime';
import type { TFunction } from '../i18n/index.js';
import type { Ui } from '../web/ui.js';
import type { EmailBrand } from '../brand/service.js';

/** What every email knows besides its own data: who sends it and where the app lives. */
export interface EmailEnv {
  firmName: string;
  /** PUBLIC_URL without a trailing slash, when the caller passed it. */
  publicUrl: string | null;
  /** The firm's logo and contact details (absent: the name alone). */
  brand?: EmailBrand | undefined;
}

/** One email template: a one-line subject, an HTML body (inside the shared layout) and its plain-text twin. */
export interface EmailTemplate<D> {
  subject(t: TFunction, data: D, env: EmailEnv): string;
  html(ui: Ui, data: D, env: EmailEnv): JSX.Element;
  text(ui: Ui, data: D, env: EmailEnv): string;
}
