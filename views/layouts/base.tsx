import type { Child } from 'hono/jsx';
import { asset } from '../../src/web/assets.js';
import type { Ui } from '../../src/web/ui.js';

// Validation errors (422) re-render the same fragment with messages, so htmx swaps them too.
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true, error: false },
    { code: '[45]..', swap: false, error: true },
  ],
});

/** The HTML document shell shared by staff and portal pages. */
export function Base(props: { ui: Ui; title: string; children: Child; bodyClass?: string; brandCss?: string | undefined }) {
  return (
    <html lang={props.ui.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{props.title} · Stoa</title>
        <link rel="icon" type="image/svg+xml" href={asset('favicon.svg')} />
        <link rel="stylesheet" href={asset('app.css')} />
        {props.brandCss ? <link rel="stylesheet" href={props.brandCss} /> : null}
        <script src={asset('htmx.min.js')} defer></script>
        <script src={asset('app.js')} defer></script>
      </head>
      <body class={props.bodyClass}>{props.children}</body>
    </html>
  );
}
