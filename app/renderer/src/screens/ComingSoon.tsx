import { useTranslation } from 'react-i18next';
import type { ScreenName } from '../context';

export function ComingSoon({ screen }: { screen: ScreenName }) {
  const { t } = useTranslation();
  return <section className="panel"><h1>{t(`nav.${screen}`)}</h1><p className="muted">{t('common.notYet')}</p></section>;
}
