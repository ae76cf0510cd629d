import type { Ui } from '../../src/web/ui.js';

/** Previous/next links for cursor or page paging; `href(page)` builds each link. */
export function Pager(props: { ui: Ui; page: number; hasNext: boolean; href: (page: number) => string; total?: number }) {
  const { t } = props.ui;
  if (props.page <= 1 && !props.hasNext) return null;
  return (
    <nav class="pager" aria-label={t('common:pager.label')}>
      {props.page > 1 ? <a href={props.href(props.page - 1)} rel="prev">{t('common:pager.previous')}</a> : <span />}
      <span>{t('common:pager.page', { page: props.page })}</span>
      {props.hasNext ? <a href={props.href(props.page + 1)} rel="next">{t('common:pager.next')}</a> : <span />}
    </nav>
  );
}
