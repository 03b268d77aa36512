/**
 * Languages (issue 11, item 15). "Your screens" is each person's own display choice: anyone
 * signed in sets it for themselves, without the owner's permission, and nothing else changes.
 * The shop's language (receipts, CSV, reports; and the screens of whoever has not chosen) is the
 * owner's setting, and its number/date format goes with it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { LOCALE_OF_LANGUAGE } from '../format';
import type { ScreenLanguage } from '../format';
import { may } from '../screens/role-rules';

const NAMES: Record<ScreenLanguage, string> = { en: 'English', el: 'Ελληνικά' };

export function LanguageSettings() {
  const { t } = useTranslation();
  const { client, reloadSettings, settings, staff, showError, toast, myLanguage: current = null, setMyLanguage } = usePos();
  // <App> holds the choice (`current`); a lone screen shows the one it just saved.
  const [saved, setSaved] = useState<{ language: ScreenLanguage | null } | null>(null);
  const myLanguage = setMyLanguage || saved === null ? current : saved.language;
  const chooseMine = async (language: ScreenLanguage | null) => {
    try {
      // <App> switches the screens; without it (a lone screen), the choice is still saved.
      if (setMyLanguage) await setMyLanguage(language);
      else await client.call('staff.setMyLanguage', { language });
      setSaved({ language });
    } catch (e) { showError(e); }
  };
  const chooseShop = async (language: ScreenLanguage) => {
    const sameFormat = settings.locale.toLowerCase().split('-')[0] === language;
    try {
      await client.call('settings.update', { language, ...(sameFormat ? {} : { locale: LOCALE_OF_LANGUAGE[language] }) });
      toast(t('settings.saved'), 'success');
      reloadSettings();
    } catch (e) { showError(e); }
  };
  return (
    <div className="form" data-testid="language-settings">
      <h2>{t('language.mine')}</h2>
      <p className="muted">{t('language.mineHint')}</p>
      <div className="seg lang-seg" role="group" aria-label={t('language.mine')}>
        {(['en', 'el'] as const).map((l) => (
          <button type="button" key={l} className={myLanguage === l ? 'on' : ''} aria-pressed={myLanguage === l} onClick={() => void chooseMine(l)} data-testid={`lang-${l}`}>{NAMES[l]}</button>
        ))}
        <button type="button" className={myLanguage === null ? 'on' : ''} aria-pressed={myLanguage === null} onClick={() => void chooseMine(null)} data-testid="lang-shop">
          {t('language.asShop', { name: NAMES[settings.language] })}
        </button>
      </div>
      {may(staff?.role, 'settings.write') && (
        <>
          <h2>{t('language.shop')}</h2>
          <p className="muted">{t('language.shopHint')}</p>
          <div className="seg lang-seg" role="group" aria-label={t('language.shop')}>
            {(['en', 'el'] as const).map((l) => (
              <button type="button" key={l} className={settings.language === l ? 'on' : ''} aria-pressed={settings.language === l} onClick={() => void chooseShop(l)} data-testid={`shop-lang-${l}`}>{NAMES[l]}</button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
