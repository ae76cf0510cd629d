import { contactLines, type BrandContact } from '../../src/brand/service.js';
import type { Ui } from '../../src/web/ui.js';

/**
 * The firm's contact details at the foot of portal and public pages, as emails and PDFs print
 * them; nothing at all when none are saved (a fresh install keeps the plain look).
 */
export function BrandFooter(props: { ui: Ui; firmName: string; contact: BrandContact | null | undefined }) {
  const lines = props.contact ? contactLines(props.contact, props.ui.t) : [];
  if (lines.length === 0) return null;
  return (
    <footer class="brand-footer">
      <p class="brand-footer-name">{props.firmName}</p>
      {lines.map((line) => <p>{line}</p>)}
    </footer>
  );
}
