/**
 * Menu → "Online menu": publish the menu to the license service under an address of the
 * owner's choice (republishing replaces it), unpublish it, and the QR code for the tables.
 * Owner only (core checks `license.manage`; the worker checks the subscription is live).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useQuery } from '../hooks/useApi';
import { usePos } from '../context';
import { errorText } from '../errors';
import { QrPanel } from './QrPanel';
import { suggestSlug } from './publish-types';
import type { CommandName, InputArgs } from '../api/client';

const SLUG_RE = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,39}$/;

export function PublishPanel() {
  const { t } = useTranslation();
  const { client, toast, fmt } = usePos();
  const view = useQuery('menu.publication', {});
  const shop = useQuery('settings.get', {});
  const { busy } = useAction();
  const [working, setWorking] = useState(false);
  const [slug, setSlug] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!view.data) return <div className="publish-panel" aria-busy="true">{t('common.loading')}</div>;
  const publication = view.data.publication;
  const value = slug ?? publication?.slug ?? suggestSlug(shop.data?.settings.business.name ?? '');
  const valid = SLUG_RE.test(value);
  const act = async <N extends CommandName>(command: N, input: InputArgs<N>[0], done: string) => {
    setWorking(true);
    setError(null);
    try {
      await client.call(command, ...([input] as InputArgs<N>));
      toast(done, 'success');
      view.reload();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setWorking(false);
    }
  };
  return (
    <section className="publish-panel" data-testid="menu-publish-panel">
      <h2>{t('menuPublish.title')}</h2>
      <p className="muted">{t('menuPublish.hint')}</p>
      <form className="form inline-form" onSubmit={(e) => { e.preventDefault(); if (valid) void act('menu.publish', { slug: value }, t('menuPublish.published')); }}>
        <label>{t('menuPublish.address')}
          <span className="slug-field"><span className="muted">…/m/</span>
            <input value={value} onChange={(e) => setSlug(e.target.value.toLowerCase())} maxLength={40} aria-invalid={!valid} data-testid="menu-publish-slug" />
          </span>
        </label>
        {!valid && <p className="field-error" data-testid="menu-publish-slug-hint">{t('menuPublish.slugRule')}</p>}
        <div className="row-actions wrap">
          <button type="submit" className="btn btn-primary" disabled={busy || working || !valid} data-testid="menu-publish">
            {publication?.publishedAt ? t('menuPublish.republish') : t('menuPublish.publish')}
          </button>
          {publication?.publishedAt && (
            <button type="button" className="btn btn-danger" disabled={working} data-testid="menu-unpublish" onClick={() => void act('menu.unpublish', {}, t('menuPublish.unpublished'))}>{t('menuPublish.unpublish')}</button>
          )}
        </div>
      </form>
      {error && <p className="banner banner-error" role="alert" data-testid="menu-publish-error">{error}</p>}
      {publication && (
        <p data-testid="menu-publish-status" data-live={publication.publishedAt ? 'yes' : 'no'}>
          {publication.publishedAt
            ? <>{t('menuPublish.liveAt', { when: fmt.dateTime(publication.publishedAt) })} <a href={publication.url} target="_blank" rel="noreferrer noopener" data-testid="menu-publish-link">{publication.url}</a></>
            : t('menuPublish.notLive')}
        </p>
      )}
      {publication?.publishedAt ? <QrPanel view={view.data} onChanged={view.reload} /> : null}
    </section>
  );
}
