import type { Ui } from '../../src/web/ui.js';

/** An amount of money in the page's language, right-aligned in tables by CSS. */
export function Money(props: { ui: Ui; minor: number; currency: string }) {
  return <span class={props.minor < 0 ? 'money negative' : 'money'}>{props.ui.money(props.minor, props.currency)}</span>;
}

/** A date in the page's language inside a <time> element. */
export function DateText(props: { ui: Ui; date: string | null }) {
  return props.date ? <time datetime={props.date}>{props.ui.date(props.date)}</time> : <span>—</span>;
}
